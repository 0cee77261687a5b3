package dev.passwordreset.reset;

import java.time.Duration;

/**
 * A client asked more often than its limit allows; it may try again after
 * {@link #retryAfter()}.
 */
public class RateLimitExceededException extends RuntimeException {

	private final Duration retryAfter;

	RateLimitExceededException(Duration retryAfter) {
		super("too many requests; try again later", null, false, false);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
