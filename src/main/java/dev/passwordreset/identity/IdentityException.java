package dev.passwordreset.identity;

/**
 * Refusal of an identity operation. The message is written for the caller: it names the
 * thing that was wrong and never carries a secret, a stack trace or SQL.
 */
public class IdentityException extends RuntimeException {

	private final IdentityError error;

	public IdentityException(IdentityError error, String message) {
		super(message);
		this.error = error;
	}

	public IdentityError error() {
		return this.error;
	}

}
