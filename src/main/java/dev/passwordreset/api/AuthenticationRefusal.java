package dev.passwordreset.api;

import java.time.Duration;

import dev.passwordreset.security.AuthenticationFailure;

/**
 * How a face answers a failed caller authentication: 401 for the failure, or 429 with
 * {@code Retry-After} when the client address or the access key id is throttled.
 *
 * @param failure why the caller was not authenticated
 * @param retryAfter when throttled, how long until a request may be checked again; else
 * zero
 */
public record AuthenticationRefusal(AuthenticationFailure failure, Duration retryAfter) {

	public boolean throttled() {
		return this.failure == AuthenticationFailure.THROTTLED;
	}

	/** The {@code Retry-After} value in whole seconds, rounded up and at least 1. */
	public String retryAfterSeconds() {
		return RetryAfter.header(this.retryAfter);
	}

}
