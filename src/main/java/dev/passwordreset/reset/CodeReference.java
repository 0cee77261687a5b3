package dev.passwordreset.reset;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A one-time code as a caller presents it, with everything it must be bound to.
 *
 * @param correlationId what createOTP answered
 * @param userName the user the code was issued for
 * @param appName the application that asked for it
 * @param sessionId the session it was issued in, if any
 * @param code the code itself
 */
public record CodeReference(String correlationId, String userName, String appName, @Nullable String sessionId,
		String code) {

	public CodeReference {
		Objects.requireNonNull(correlationId, "'correlationId' must not be null");
		Objects.requireNonNull(userName, "'userName' must not be null");
		Objects.requireNonNull(appName, "'appName' must not be null");
		Objects.requireNonNull(code, "'code' must not be null");
	}

	@Override
	public String toString() {
		return "CodeReference[correlationId=" + this.correlationId + ", code=***]";
	}

}
