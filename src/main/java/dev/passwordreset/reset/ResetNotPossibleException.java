package dev.passwordreset.reset;

/**
 * A reset link, or a masked one-time password, that cannot be sent to this user;
 * {@link #reason()} says why.
 */
public class ResetNotPossibleException extends RuntimeException {

	private final Reason reason;

	ResetNotPossibleException(Reason reason) {
		super(switch (reason) {
			case USER_DISABLED -> "the user is disabled";
			case NO_PRIMARY_EMAIL -> "the user has no primary email address to send a reset link to";
			case NO_PRIMARY_EMAIL_FOR_PASSWORD ->
				"the user has no primary email address to send the one-time password to, and answers show it masked";
		});
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		USER_DISABLED, NO_PRIMARY_EMAIL, NO_PRIMARY_EMAIL_FOR_PASSWORD

	}

}
