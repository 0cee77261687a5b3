package dev.passwordreset.ldap;

/**
 * The directory refused a new password under its own policy; {@link #reason()} says why
 * in terms a user can act on, never in the directory's own words.
 */
public class DirectoryPasswordRefusedException extends RuntimeException {

	private final Reason reason;

	DirectoryPasswordRefusedException(Reason reason) {
		super("the directory refused the new password: " + reason.name());
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** The password policy response control's errors that a new password can cause. */
	public enum Reason {

		/** Shorter than the directory's minimum. */
		TOO_SHORT,

		/** One of the passwords the directory remembers. */
		IN_HISTORY,

		/** The current password is younger than the directory's minimum age. */
		TOO_YOUNG,

		/** The directory's quality check (complexity, dictionary) failed. */
		INSUFFICIENT_QUALITY,

		/**
		 * Refused without a reason the directory would name (Active Directory's
		 * 0000052D).
		 */
		REFUSED

	}

}
