package dev.passwordreset.reset;

/**
 * How a one-time code reaches its user. Mail always; SMS when
 * {@code reset.sms.gateway-url} configures a gateway; TOTP never, since users have no
 * TOTP enrolment here.
 */
public enum CodeChannel {

	/** Mailed to the user's primary address, or to another address of the user's own. */
	EMAIL,

	/**
	 * Texted through the SMS gateway to the user's primary phone number, or to another
	 * number of the user's own; refused as not supported while no gateway is configured.
	 */
	SMS,

	/** Not available: users have no TOTP enrolment here. */
	TOTP,

	/** Handed back to the calling application, which delivers it by its own means. */
	CUSTOM

}
