package dev.passwordreset.security;

import org.springframework.security.core.AuthenticationException;

/**
 * A refused authentication with its reason. The message is for logs and never holds a
 * secret.
 */
public class CallerAuthenticationException extends AuthenticationException {

	private final AuthenticationFailure failure;

	public CallerAuthenticationException(AuthenticationFailure failure, String message) {
		super(message);
		this.failure = failure;
	}

	public AuthenticationFailure failure() {
		return this.failure;
	}

}
