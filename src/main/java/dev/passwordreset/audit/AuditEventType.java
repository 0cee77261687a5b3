package dev.passwordreset.audit;

/**
 * What happened. Stored by name, so a constant may be added but never renamed or removed.
 */
public enum AuditEventType {

	/** A request whose credentials were missing, malformed or wrong. */
	AUTHENTICATION_FAILED,

	/** An authenticated caller that was not allowed to do what it asked. */
	ACCESS_DENIED,

	/**
	 * An administrator reset a user's password; the reason names the mode, never the
	 * password.
	 */
	PASSWORD_RESET,

	/** A user's password was checked at sign-in; the outcome says how it went. */
	USER_SIGN_IN,

	/** Consecutive failed sign-ins locked a user out for a while. */
	USER_LOCKED_OUT,

	/**
	 * A queued mail or text message was given up, after its last failed delivery attempt
	 * or at once when the SMS gateway refused it for good; the resource names it
	 * ({@code mail/<id>} or {@code sms/<id>}), never its recipient.
	 */
	MAIL_DEAD,

	/**
	 * A reset link was presented with a new password; the outcome says whether the
	 * password was changed. The reason never holds the token or the password.
	 */
	PASSWORD_RESET_CONFIRMED,

	/**
	 * Someone asked for a reset link without credentials ("forgot password"); the outcome
	 * says whether a link was queued. Neither the reason nor any other field holds what
	 * was typed in, which may be a mistyped password.
	 */
	PASSWORD_RESET_REQUESTED,

	/** A one-time code was asked for; the reason names the channel, never the code. */
	ONE_TIME_CODE_ISSUED,

	/**
	 * A one-time code was presented for validation; the outcome says whether it was
	 * accepted.
	 */
	ONE_TIME_CODE_VALIDATED,

	/**
	 * A one-time code was presented with a new password; the outcome says whether the
	 * password was changed.
	 */
	PASSWORD_RESET_WITH_CODE,

	/**
	 * A user's password was changed with the current one; the outcome says how it went.
	 */
	PASSWORD_CHANGED,

	/** A group was created (CreateGroup); the outcome says whether it was. */
	GROUP_CREATED,

	/**
	 * A group's attributes were changed (UpdateGroup); the outcome says whether they
	 * were.
	 */
	GROUP_UPDATED,

	/**
	 * A group and its memberships were deleted (DeleteGroup); the outcome says whether
	 * they were.
	 */
	GROUP_DELETED,

	/**
	 * A user was added to a group (CreateGroupMembership); the outcome says whether it
	 * was.
	 */
	GROUP_MEMBERSHIP_CREATED,

	/**
	 * A user was removed from a group (DeleteGroupMembership); the outcome says whether
	 * it was.
	 */
	GROUP_MEMBERSHIP_DELETED,

	/**
	 * A user was created (CreateUser, with or without a password mode); the outcome says
	 * whether it was. Neither the reason nor any other field holds the user's attributes
	 * or a password.
	 */
	USER_CREATED,

	/**
	 * A user's attributes were changed (UpdateUser); the outcome says whether they were.
	 */
	USER_UPDATED,

	/**
	 * A user and its group memberships were deleted (DeleteUser); the outcome says
	 * whether they were.
	 */
	USER_DELETED,

	/** A user was enabled (EnableUser); the outcome says whether it was. */
	USER_ENABLED,

	/** A user was disabled (DisableUser); the outcome says whether it was. */
	USER_DISABLED

}
