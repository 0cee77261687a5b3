package dev.passwordreset.reset;

import java.time.Instant;
import java.util.UUID;

/**
 * A one-time password, the only object that carries it in plain text: it goes into the
 * HTTP answer and nowhere else, so {@link #toString()} leaves it out. With
 * {@code reset.otp-password.mask-in-response} it holds only the masked form, such as
 * {@code q7#V***}, and the password went to the user by mail.
 */
public record IssuedPassword(UUID userId, String password, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedPassword[userId=" + this.userId + ", expiresAt=" + this.expiresAt + "]";
	}

}
