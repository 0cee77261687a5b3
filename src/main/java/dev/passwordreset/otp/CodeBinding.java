package dev.passwordreset.otp;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a code is bound to besides its correlation id: one user, one calling application
 * and, when one was given at issue, one session. A code presented in any other binding is
 * invalid.
 */
public record CodeBinding(UUID userId, String appName, @Nullable String sessionId) {

	public CodeBinding {
		Objects.requireNonNull(userId, "'userId' must not be null");
		Objects.requireNonNull(appName, "'appName' must not be null");
	}

}
