package dev.passwordreset.otp;

import java.time.Instant;

/**
 * A code as it is issued: the only moment the code itself exists outside the caller.
 */
public record IssuedCode(String correlationId, String code, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedCode[correlationId=" + this.correlationId + ", code=***, expiresAt=" + this.expiresAt + "]";
	}

}
