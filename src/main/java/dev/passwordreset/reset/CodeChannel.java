package dev.passwordreset.reset;

/**
 * How a one-time code reaches its user. Only mail is configured: there is no SMS gateway and
 * no TOTP enrolment, so those channels are refused.
 */
public enum CodeChannel {

	/** Mailed to the user's primary address, or to another address of the user's own. */
	EMAIL,

	/** Not available: no SMS gateway is configured. */
	SMS,

	/** Not available: users have no TOTP enrolment here. */
	TOTP,

	/** Handed back to the calling application, which delivers it by its own means. */
	CUSTOM

}
