package dev.passwordreset.api;

import dev.passwordreset.security.AuthenticationFailure;
import dev.passwordreset.security.CallerAuthenticationException;

/** A request refused before its credentials were checked, because its client or key is throttled. */
final class AuthenticationThrottledException extends CallerAuthenticationException {

	private final transient AuthenticationThrottle.Throttling throttling;

	AuthenticationThrottledException(AuthenticationThrottle.Throttling throttling) {
		super(AuthenticationFailure.THROTTLED, "Too many failed authentications");
		this.throttling = throttling;
	}

	AuthenticationThrottle.Throttling throttling() {
		return this.throttling;
	}

}
