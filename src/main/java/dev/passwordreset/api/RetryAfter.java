package dev.passwordreset.api;

import java.time.Duration;

/**
 * The value of a {@code Retry-After} header for a wait that the core measured: whole
 * seconds, rounded up so that a client never comes back too early, and at least 1.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	public static long seconds(Duration wait) {
		long seconds = wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

	/** {@link #seconds} as the header's text. */
	public static String header(Duration wait) {
		return Long.toString(seconds(wait));
	}

}
