package dev.passwordreset.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The embedded default's "delivery": each mail becomes an RFC 5322 file
 * {@code <directory>/<id>.eml}. It is written to a temporary file readable by its owner
 * only and then moved into place, so a half-written {@code .eml} never appears. There is
 * no connection to open: a batch's "connection" writes each of its mails.
 */
final class EmlFileTransport implements MailTransport {

	private final Path directory;

	private final String from;

	private final Clock clock;

	private final Session session = Session.getInstance(new Properties());

	EmlFileTransport(Path directory, String from, Clock clock) {
		this.directory = directory;
		this.from = from;
		this.clock = clock;
	}

	@Override
	public Connection open() {
		return this::write;
	}

	private void write(QueuedMail mail) throws Exception {
		MimeMessage message = new MimeMessage(this.session);
		MimeMessages.fill(message, mail, this.from, this.clock.instant());
		message.saveChanges();
		message.setHeader("Message-ID", MimeMessages.messageId(mail, this.from));
		Files.createDirectories(this.directory);
		Path temporary = createOwnerOnly(this.directory, mail.id() + ".");
		try {
			try (OutputStream out = Files.newOutputStream(temporary)) {
				message.writeTo(out);
			}
			Files.move(temporary, this.directory.resolve(mail.id() + ".eml"), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static Path createOwnerOnly(Path directory, String prefix) throws IOException {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return Files.createTempFile(directory, prefix, ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		return Files.createTempFile(directory, prefix, ".tmp");
	}

}
