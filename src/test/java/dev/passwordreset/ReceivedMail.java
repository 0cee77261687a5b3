package dev.passwordreset;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * A mail as an SMTP server in a test received it, read the way a mail client would: the
 * recipient, the subject, and the decoded text and HTML parts.
 */
public record ReceivedMail(String to, String subject, String text, String html) {

	public static ReceivedMail of(MimeMessage message) {
		try {
			String text = "";
			String html = "";
			Object content = message.getContent();
			if (content instanceof Multipart multipart) {
				for (int i = 0; i < multipart.getCount(); i++) {
					BodyPart part = multipart.getBodyPart(i);
					if (part.isMimeType("text/plain")) {
						text = (String) part.getContent();
					}
					else if (part.isMimeType("text/html")) {
						html = (String) part.getContent();
					}
				}
			}
			else {
				text = String.valueOf(content);
			}
			return new ReceivedMail(message.getRecipients(Message.RecipientType.TO)[0].toString(), message.getSubject(),
					text, html);
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException("The received mail cannot be read", ex);
		}
	}

	/** The received mails to {@code recipient}, oldest first. */
	public static List<ReceivedMail> to(String recipient, MimeMessage[] received) {
		return Arrays.stream(received).map(ReceivedMail::of).filter((mail) -> mail.to().equals(recipient)).toList();
	}

}
