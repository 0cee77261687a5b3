package dev.passwordreset.reset;

/**
 * A one-time code that cannot be sent to this user; {@link #reason()} says why. No code
 * was issued.
 */
public class CodeNotSentException extends RuntimeException {

	private final Reason reason;

	CodeNotSentException(Reason reason) {
		super(switch (reason) {
			case CHANNEL_NOT_SUPPORTED -> "the delivery channel is not supported: TOTP, or SMS without a gateway";
			case NO_EMAIL -> "the user has no primary email address";
			case EMAIL_NOT_ON_FILE -> "the email address is not one of the user's own";
			case NO_PHONE -> "the user has no primary phone number that can receive a text message";
			case PHONE_NOT_ON_FILE -> "the phone number is not one of the user's own";
			case USER_DISABLED -> "the user is disabled";
		});
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		CHANNEL_NOT_SUPPORTED, NO_EMAIL, EMAIL_NOT_ON_FILE, NO_PHONE, PHONE_NOT_ON_FILE, USER_DISABLED

	}

}
