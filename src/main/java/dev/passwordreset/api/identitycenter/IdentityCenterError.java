package dev.passwordreset.api.identitycenter;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Huawei's error body. {@code encoded_authorization_message} appears on permission
 * denials only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IdentityCenterError(String errorCode, String errorMsg, String requestId,
		@Nullable String encodedAuthorizationMessage) {
}
