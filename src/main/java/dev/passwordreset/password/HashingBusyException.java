package dev.passwordreset.password;

import java.time.Duration;

/**
 * No core came free for a password hash within {@code reset.password.hashing.max-wait}:
 * the service is busy, nothing was checked or changed, and the same request may be sent
 * again after {@link #retryAfter()}.
 */
public class HashingBusyException extends RuntimeException {

	private final Duration retryAfter;

	HashingBusyException(Duration retryAfter) {
		super("Too many password hashes are waiting", null, false, false);
		this.retryAfter = retryAfter;
	}

	/** When the hashes queued now should have run. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
