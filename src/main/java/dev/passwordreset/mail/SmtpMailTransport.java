package dev.passwordreset.mail;

import java.time.Clock;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Delivers through the SMTP server of {@code spring.mail.*}, one connection per batch.
 * Spring Boot's {@link JavaMailSenderImpl} holds the settings and the mail session; the
 * connection is driven here because its own batch send asks the server whether it is
 * still there (a NOOP) before every mail, a round trip each, whereas this asks only after
 * a mail failed.
 */
final class SmtpMailTransport implements MailTransport {

	private static final String DEFAULT_PROTOCOL = "smtp";

	private final JavaMailSenderImpl sender;

	private final String from;

	private final Clock clock;

	SmtpMailTransport(JavaMailSenderImpl sender, String from, Clock clock) {
		this.sender = sender;
		this.from = from;
		this.clock = clock;
	}

	@Override
	public Connection open() throws MessagingException {
		Session session = this.sender.getSession();
		Transport transport = session.getTransport(protocol(session));
		connect(transport);
		return new SmtpConnection(session, transport);
	}

	/** As {@link JavaMailSenderImpl} connects: an empty user name means none. */
	private void connect(Transport transport) throws MessagingException {
		String username = this.sender.getUsername();
		String password = this.sender.getPassword();
		if ("".equals(username)) {
			username = null;
			password = "".equals(password) ? null : password;
		}
		transport.connect(this.sender.getHost(), this.sender.getPort(), username, password);
	}

	private String protocol(Session session) {
		String protocol = this.sender.getProtocol();
		if (protocol == null) {
			protocol = session.getProperty("mail.transport.protocol");
		}
		return (protocol != null) ? protocol : DEFAULT_PROTOCOL;
	}

	private final class SmtpConnection implements Connection {

		private final Session session;

		private final Transport transport;

		/** Why the connection is gone for good, once reconnecting failed. */
		private @Nullable MessagingException lost;

		SmtpConnection(Session session, Transport transport) {
			this.session = session;
			this.transport = transport;
		}

		@Override
		public void send(QueuedMail mail) throws Exception {
			if (this.lost != null) {
				throw this.lost;
			}
			MimeMessage message = new MimeMessage(this.session);
			MimeMessages.fill(message, mail, SmtpMailTransport.this.from, SmtpMailTransport.this.clock.instant());
			message.saveChanges();
			message.setHeader("Message-ID", MimeMessages.messageId(mail, SmtpMailTransport.this.from));
			try {
				this.transport.sendMessage(message, message.getAllRecipients());
			}
			catch (MessagingException ex) {
				reconnectIfDropped();
				throw ex;
			}
		}

		/**
		 * After a failed mail: a refused recipient leaves the connection usable (the
		 * client resets the transaction), while a server that hung up, or said 421, needs
		 * a new one for the rest of the batch. Asking costs a NOOP, on this path only.
		 */
		private void reconnectIfDropped() {
			if (this.transport.isConnected()) {
				return;
			}
			closeQuietly();
			try {
				connect(this.transport);
			}
			catch (MessagingException ex) {
				this.lost = ex;
			}
		}

		@Override
		public void close() {
			closeQuietly();
		}

		private void closeQuietly() {
			try {
				this.transport.close();
			}
			catch (MessagingException ex) {
				// QUIT went unanswered: whatever was sent is sent.
			}
		}

	}

}
