package dev.passwordreset.api.identitycenter;

import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.security.AuthorizationMessages;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * STS's DecodeAuthorizationMessage, at Huawei's path: the management account reads why a
 * request was denied.
 */
@RestController
class AuthorizationMessageController {

	private final AuthorizationMessages messages;

	AuthorizationMessageController(AuthorizationMessages messages) {
		this.messages = messages;
	}

	@Operation(summary = "Decode a denial's encoded_authorization_message (STS DecodeAuthorizationMessage)")
	@PostMapping(path = "/v5/decode-authorization-message", consumes = MediaType.APPLICATION_JSON_VALUE)
	DecodedMessage decode(@Valid @RequestBody EncodedMessage request) {
		return new DecodedMessage(this.messages.decode(request.encodedMessage())
			.orElseThrow(() -> IdentityException.invalid("encoded_message",
					"is not an authorization message issued by this service")));
	}

	record EncodedMessage(@NotBlank @Size(max = 8192) String encodedMessage) {
	}

	record DecodedMessage(String decodedMessage) {
	}

}
