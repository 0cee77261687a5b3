package dev.passwordreset.security;

/**
 * Refusal of an access-key operation. The message never contains a secret.
 */
public class AccessKeyException extends RuntimeException {

	private final AccessKeyError error;

	public AccessKeyException(AccessKeyError error, String message) {
		super(message);
		this.error = error;
	}

	public AccessKeyError error() {
		return this.error;
	}

}
