package dev.passwordreset.mail;

import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import dev.passwordreset.ApiTest;
import dev.passwordreset.DataDirectory;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default, in the suite's shared context, which has no SMTP host: mail
 * becomes {@code .eml} files under the data directory.
 */
@ApiTest
class EmlFileDeliveryTests {

	@Autowired
	MailOutbox outbox;

	@Autowired
	MailOutboxWorker worker;

	@Autowired
	MailTransport transport;

	@Autowired
	DataDirectory dataDirectory;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void withoutAnSmtpHostAMailBecomesAnEmlFileThatParsesBack() throws Exception {
		assertThat(this.transport).isInstanceOf(EmlFileTransport.class);
		this.jdbc.update("delete from mail_outbox");
		UUID id = this.outbox.enqueue(new OutgoingMail("bob@example.com", "Réinitialiser le mot de passe",
				"Ouvrez https://reset.example/t/xyz", "<p>Ouvrez <b>le lien</b></p>"));

		assertThat(this.worker.poll()).isOne();

		Path mailDirectory = this.dataDirectory.resolve("mail");
		Path file = mailDirectory.resolve(id + ".eml");
		assertThat(file).isRegularFile();
		try (Stream<Path> files = Files.list(mailDirectory)) {
			assertThat(files).as("no temporary file is left behind")
				.noneMatch((path) -> path.getFileName().toString().endsWith(".tmp"));
		}
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		}
		MimeMessage message;
		try (InputStream in = Files.newInputStream(file)) {
			message = new MimeMessage(Session.getInstance(new Properties()), in);
			assertThat(message.getSubject()).isEqualTo("Réinitialiser le mot de passe");
			assertThat(message.getMessageID()).isEqualTo("<" + id + "@localhost>");
			MimeMultipart parts = (MimeMultipart) message.getContent();
			assertThat(parts.getContentType()).startsWith("multipart/alternative");
			assertThat(parts.getBodyPart(0).getContent()).asString().isEqualTo("Ouvrez https://reset.example/t/xyz");
			assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
			assertThat(parts.getBodyPart(1).getContent()).asString().isEqualTo("<p>Ouvrez <b>le lien</b></p>");
		}
		assertThat(this.outbox.pendingCount()).isZero();
	}

}
