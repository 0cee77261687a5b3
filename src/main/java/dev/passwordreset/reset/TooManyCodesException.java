package dev.passwordreset.reset;

import java.time.Duration;

/**
 * The user was sent as many one-time codes as the limit allows for now; no code was
 * issued.
 */
public class TooManyCodesException extends RuntimeException {

	private final Duration retryAfter;

	TooManyCodesException(Duration retryAfter) {
		super("too many one-time codes were issued for this user; try again later");
		this.retryAfter = retryAfter;
	}

	/** How long until the limit allows another code. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
