package dev.passwordreset.sms;

import java.util.regex.Pattern;

/**
 * A text message to send. The text may carry a secret (a one-time code), so
 * {@link #toString()} leaves it out, and a refused value is never repeated in the
 * exception's message.
 *
 * @param to the phone number, normalized: digits with an optional leading {@code +}, as
 * the gateway receives it
 * @param text the message, 1 to {@value #MAX_TEXT_LENGTH} characters
 */
public record OutgoingSms(String to, String text) {

	/**
	 * Ten concatenated segments of 160 characters: far beyond any message this service
	 * sends.
	 */
	public static final int MAX_TEXT_LENGTH = 1600;

	private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

	public OutgoingSms {
		if (to == null || !isNumber(to)) {
			throw new IllegalArgumentException("'to' must be 3 to 20 digits with an optional leading +");
		}
		if (text == null || text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
			throw new IllegalArgumentException("'text' must be 1 to " + MAX_TEXT_LENGTH + " characters");
		}
	}

	/**
	 * Whether a value is a number this record takes: 3 to 20 digits with an optional
	 * leading {@code +}.
	 */
	public static boolean isNumber(String value) {
		return NUMBER.matcher(value).matches();
	}

	/** Names the number only: the text may hold a code. */
	@Override
	public String toString() {
		return "OutgoingSms[to=" + this.to + "]";
	}

}
