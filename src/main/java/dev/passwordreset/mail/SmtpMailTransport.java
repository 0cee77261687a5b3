package dev.passwordreset.mail;

import java.time.Clock;

import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSender;

/**
 * Delivers through the SMTP server of {@code spring.mail.*}. Spring's sender keeps the Message-ID
 * set here when it saves the message.
 */
final class SmtpMailTransport implements MailTransport {

	private final JavaMailSender sender;

	private final String from;

	private final Clock clock;

	SmtpMailTransport(JavaMailSender sender, String from, Clock clock) {
		this.sender = sender;
		this.from = from;
		this.clock = clock;
	}

	@Override
	public void send(QueuedMail mail) throws Exception {
		MimeMessage message = this.sender.createMimeMessage();
		MimeMessages.fill(message, mail, this.from, this.clock.instant());
		message.setHeader("Message-ID", MimeMessages.messageId(mail, this.from));
		this.sender.send(message);
	}

}
