package dev.passwordreset.reset;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An issued one-time code: its correlation id, and the code itself only for
 * {@link CodeChannel#CUSTOM}, where the calling application delivers it.
 */
public record IssuedOneTimeCode(String correlationId, @Nullable String code, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedOneTimeCode[correlationId=" + this.correlationId + ", code=***]";
	}

}
