package dev.passwordreset.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.ReceivedMail;
import dev.passwordreset.TestCredentials;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The senders as a running instance has them, against a real SMTP server on a free port:
 * mail goes out when it is committed, not when the next poll comes. The poll interval is
 * a minute here, so that only the wake-up can deliver within a second. The one context of
 * the suite whose senders run; it is closed after this class, so that they never take the
 * mail of another test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.mail.host=localhost", "reset.mail.worker-enabled=true", "reset.mail.senders=2",
				"reset.mail.poll-interval=1m" })
@DirtiesContext
@Tag("database")
class MailSendersTests {

	private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

	static final GreenMail smtpServer = startSmtpServer();

	@LocalServerPort
	int port;

	@Autowired
	MailOutbox outbox;

	@Autowired
	PlatformTransactionManager transactionManager;

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> smtpServer.getSmtp().getPort());
	}

	@AfterAll
	static void stopSmtpServer() {
		smtpServer.stop();
	}

	@Test
	void aMailCommittedToAnIdleServiceReachesTheSmtpServerWithinASecondOfTheCommit() {
		awaitIdleSenders();
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		UUID id = transaction.execute((status) -> this.outbox
			.enqueue(new OutgoingMail("idle@example.com", "Your reset link", "https://reset.example/t/idle", null)));
		long committed = System.nanoTime();

		await().atMost(WITHIN_A_SECOND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> messageIds().contains("<" + id + "@localhost>"));
		assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(WITHIN_A_SECOND);
	}

	@Test
	void aResetLinkAskedForOverHttpArrivesWithinASecondOfTheAnswer() {
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		ApiResponse store = admin.post("/v1/identity-stores", "{\"name\": \"senders-" + suffix() + "\"}");
		assertThat(store.status()).as(store.body()).isEqualTo(201);
		String users = "/v1/identity-stores/" + store.text("identity_store_id") + "/users";
		String address = "erin-" + suffix() + "@example.com";
		ApiResponse user = admin.post(users,
				"{\"user_name\": \"erin\", \"emails\": [{\"value\": \"" + address + "\", \"primary\": true}]}");
		assertThat(user.status()).as(user.body()).isEqualTo(201);
		awaitIdleSenders();

		ApiResponse reset = admin.post(users + "/" + user.text("user_id") + "/reset-password", "{\"mode\": \"EMAIL\"}");
		long answered = System.nanoTime();
		assertThat(reset.status()).isEqualTo(200);

		await().atMost(WITHIN_A_SECOND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> ReceivedMail.to(address, smtpServer.getReceivedMessages())
				.stream()
				.anyMatch((mail) -> mail.subject().equals("Reset your password")));
		assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(WITHIN_A_SECOND);
	}

	/**
	 * Waits until both senders wait for work, so that what follows meets an idle instance
	 * rather than a sender that would look again anyway after delivering something else.
	 */
	private static void awaitIdleSenders() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().startsWith("mail-sender-"))
				.filter((thread) -> thread.getState() == Thread.State.TIMED_WAITING)
				.count() == 2);
	}

	private static List<String> messageIds() throws MessagingException {
		List<String> ids = new ArrayList<>();
		for (MimeMessage message : smtpServer.getReceivedMessages()) {
			ids.add(message.getMessageID());
		}
		return ids;
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	/** Started before the context, which needs its port; stopped after this class. */
	private static GreenMail startSmtpServer() {
		GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		server.start();
		return server;
	}

}
