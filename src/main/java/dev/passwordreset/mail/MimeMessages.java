package dev.passwordreset.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.util.ClassUtils;

/**
 * Fills a MIME message from a queued mail: UTF-8 text, plus an HTML alternative when
 * there is one (multipart/alternative, plain text first as RFC 2046 asks). The Message-ID
 * is derived from the outbox id, so a duplicate delivery after a crash can be recognised
 * downstream.
 */
final class MimeMessages {

	private static final String UTF_8 = StandardCharsets.UTF_8.name();

	private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

	private static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

	static {
		// Jakarta Mail 2.1 looks its StreamProvider up again for every body part,
		// multipart and encoding (jakartaee/mail-api#699, #861): a ServiceLoader scan of
		// every jar in the nested Boot jar, which cost more CPU than anything else in
		// sending a mail. Named here, it is instantiated directly. Only when Angus Mail
		// is the implementation and nobody chose another.
		if (System.getProperty(STREAM_PROVIDER) == null
				&& ClassUtils.isPresent(ANGUS_STREAM_PROVIDER, MimeMessages.class.getClassLoader())) {
			System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
		}
	}

	private MimeMessages() {
	}

	static void fill(MimeMessage message, QueuedMail queued, String from, Instant now) throws MessagingException {
		OutgoingMail mail = queued.mail();
		message.setFrom(new InternetAddress(from, true));
		message.setRecipient(RecipientType.TO, new InternetAddress(mail.to(), true));
		message.setSubject(mail.subject(), UTF_8);
		message.setSentDate(Date.from(now));
		if (mail.htmlBody() == null) {
			message.setText(mail.textBody(), UTF_8);
		}
		else {
			MimeBodyPart text = new MimeBodyPart();
			text.setText(mail.textBody(), UTF_8);
			MimeBodyPart html = new MimeBodyPart();
			html.setText(mail.htmlBody(), UTF_8, "html");
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(text);
			alternative.addBodyPart(html);
			message.setContent(alternative);
		}
	}

	/**
	 * {@code <id@domain-of-from>}; set after {@code saveChanges()}, which would replace
	 * it.
	 */
	static String messageId(QueuedMail queued, String from) {
		int at = from.lastIndexOf('@');
		String domain = (at >= 0 && at < from.length() - 1) ? from.substring(at + 1) : "localhost";
		return "<" + queued.id() + "@" + domain + ">";
	}

}
