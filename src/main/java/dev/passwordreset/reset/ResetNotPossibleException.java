package dev.passwordreset.reset;

/**
 * A reset link that cannot be sent to this user; {@link #reason()} says why.
 */
public class ResetNotPossibleException extends RuntimeException {

	private final Reason reason;

	ResetNotPossibleException(Reason reason) {
		super(switch (reason) {
			case USER_DISABLED -> "the user is disabled";
			case NO_PRIMARY_EMAIL -> "the user has no primary email address to send a reset link to";
		});
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		USER_DISABLED, NO_PRIMARY_EMAIL

	}

}
