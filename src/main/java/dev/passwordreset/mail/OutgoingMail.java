package dev.passwordreset.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

/**
 * A mail to send. The bodies may carry secrets (reset links), so {@link #toString()}
 * leaves them out, and a refused value is never repeated in the exception's message.
 *
 * @param to the recipient: one address, at most {@value #MAX_RECIPIENT_LENGTH} characters
 * @param subject the subject: one line, at most {@value #MAX_SUBJECT_LENGTH} characters
 * @param textBody the plain-text body, at most {@value #MAX_BODY_LENGTH} characters
 * @param htmlBody the HTML alternative, if any, at most {@value #MAX_BODY_LENGTH}
 * characters
 */
public record OutgoingMail(String to, String subject, String textBody, @Nullable String htmlBody) {

	public static final int MAX_RECIPIENT_LENGTH = 320;

	public static final int MAX_SUBJECT_LENGTH = 998;

	public static final int MAX_BODY_LENGTH = 100_000;

	public OutgoingMail {
		if (to == null || to.isBlank() || to.length() > MAX_RECIPIENT_LENGTH || !isSingleAddress(to)) {
			throw new IllegalArgumentException(
					"'to' must be one mail address of at most " + MAX_RECIPIENT_LENGTH + " characters");
		}
		if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
				|| subject.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(
					"'subject' must be 1 to " + MAX_SUBJECT_LENGTH + " characters without control characters");
		}
		if (textBody == null || textBody.length() > MAX_BODY_LENGTH) {
			throw new IllegalArgumentException("'textBody' must be at most " + MAX_BODY_LENGTH + " characters");
		}
		if (htmlBody != null && htmlBody.length() > MAX_BODY_LENGTH) {
			throw new IllegalArgumentException("'htmlBody' must be at most " + MAX_BODY_LENGTH + " characters");
		}
	}

	private static boolean isSingleAddress(String value) {
		try {
			InternetAddress[] parsed = InternetAddress.parse(value, true);
			return parsed.length == 1 && parsed[0].getAddress().equals(value.strip());
		}
		catch (AddressException ex) {
			return false;
		}
	}

	/** Names the recipient and subject only: the bodies may hold a reset link. */
	@Override
	public String toString() {
		return "OutgoingMail[to=" + this.to + ", subject=" + this.subject + "]";
	}

}
