package dev.passwordreset.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.passwordreset.AllAtOnce;
import dev.passwordreset.MutableClock;
import dev.passwordreset.audit.AuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against a real SMTP server (GreenMail, on a port free on this machine) and
 * the run's real database. The senders are off: each test polls the worker itself, or
 * runs senders of its own, and moves a test clock instead of waiting. Every test starts
 * from an empty outbox. The mail session takes its sockets from
 * {@link CountingSocketFactory}, so a test can count connections.
 */
@SpringBootTest(
		properties = { "spring.mail.host=localhost", "reset.mail.worker-enabled=false", "reset.mail.batch-size=50",
				"spring.mail.properties.mail.smtp.socketFactory.class=dev.passwordreset.mail.CountingSocketFactory" })
@Tag("database")
class MailOutboxTests {

	/**
	 * Chosen once, so that a test can stop the server and start it again where the
	 * context expects it.
	 */
	static final int SMTP_PORT = freePort();

	@RegisterExtension
	static GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.port(SMTP_PORT));

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@Autowired
	MailOutbox outbox;

	@Autowired
	MailOutboxWorker worker;

	@Autowired
	MailOutboxStore store;

	@Autowired
	MailOutboxProperties properties;

	@Autowired
	AuditLog audit;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MailTransport transport;

	@BeforeEach
	void emptyOutbox() {
		this.jdbc.update("delete from mail_outbox");
		CountingSocketFactory.reset();
	}

	@Test
	void aQueuedMailReachesTheSmtpServerWithItsTextAndHtmlParts() throws Exception {
		UUID id = this.outbox.enqueue(
				new OutgoingMail("alice@example.com", "Reset your password – now", "Open https://reset.example/t/abc",
						"<p>Open <a href=\"https://reset.example/t/abc\">the link</a></p>"));
		assertThat(this.outbox.pendingCount()).isOne();

		assertThat(this.worker.poll()).isOne();

		MimeMessage[] received = smtpServer.getReceivedMessages();
		assertThat(received).hasSize(1);
		MimeMessage message = received[0];
		assertThat(message.getFrom()).extracting(Object::toString).containsExactly("no-reply@localhost");
		assertThat(message.getRecipients(RecipientType.TO)).extracting(Object::toString)
			.containsExactly("alice@example.com");
		assertThat(message.getSubject()).isEqualTo("Reset your password – now");
		assertThat(message.getMessageID()).isEqualTo("<" + id + "@localhost>");
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		MimeMultipart parts = (MimeMultipart) message.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
		assertThat(parts.getBodyPart(0).getContent()).asString().isEqualTo("Open https://reset.example/t/abc");
		assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
		assertThat(parts.getBodyPart(1).getContent()).asString()
			.isEqualTo("<p>Open <a href=\"https://reset.example/t/abc\">the link</a></p>");

		Map<String, Object> row = row(id);
		assertThat(row.get("status")).isEqualTo("SENT");
		assertThat(row.get("sent_at")).isNotNull();
		assertThat(row.get("text_body")).isNull();
		assertThat(row.get("html_body")).isNull();
		assertThat(this.outbox.pendingCount()).isZero();
	}

	@Test
	void aMailQueuedInATransactionThatRollsBackIsNeverQueued() {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.executeWithoutResult((status) -> {
			this.outbox.enqueue(mail("rolled-back@example.com"));
			status.setRollbackOnly();
		});
		assertThat(this.outbox.pendingCount()).isZero();

		transaction.executeWithoutResult((status) -> this.outbox.enqueue(mail("committed@example.com")));
		assertThat(this.outbox.pendingCount()).isOne();

		assertThat(this.worker.poll()).isOne();
		assertThat(smtpServer.getReceivedMessages()).singleElement()
			.satisfies((message) -> assertThat(message.getAllRecipients()).extracting(Object::toString)
				.containsExactly("committed@example.com"));
	}

	@Test
	void whileTheServerIsDownMailsWaitAndWhenItIsBackEachIsDeliveredExactlyOnce() throws Exception {
		smtpServer.stop();
		Instant start = this.clock.instant();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.outbox.enqueue(mail("user" + i + "@example.com")));
		}

		assertThat(this.worker.poll()).isEqualTo(3);
		for (UUID id : ids) {
			Map<String, Object> row = row(id);
			assertThat(row.get("status")).isEqualTo("PENDING");
			assertThat(row.get("attempts")).isEqualTo(1);
			assertThat(instant(row.get("next_attempt_at"))).isEqualTo(start.plus(Duration.ofSeconds(10)));
			assertThat((String) row.get("last_error")).startsWith("delivery failed: ");
			assertThat(row.get("text_body")).isNotNull();
		}
		assertThat(this.worker.poll()).as("nothing is due before the backoff").isZero();
		assertThat(this.outbox.pendingCount()).isEqualTo(3);

		smtpServer.start();
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.worker.poll()).isEqualTo(3);
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.worker.poll()).isZero();

		assertThat(smtpServer.getReceivedMessages()).hasSize(3)
			.flatExtracting((message) -> List.of(message.getAllRecipients()))
			.extracting(Object::toString)
			.containsExactlyInAnyOrder("user0@example.com", "user1@example.com", "user2@example.com");
		assertThat(ids).allSatisfy((id) -> assertThat(row(id).get("status")).isEqualTo("SENT"));
	}

	@Test
	void workersRacingForTheSameMailsSendEachExactlyOnce() throws Exception {
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			ids.add(this.outbox.enqueue(mail("race" + i + "@example.com")));
		}
		ConcurrentLinkedQueue<UUID> sent = new ConcurrentLinkedQueue<>();
		MailOutboxProperties wholeBatch = new MailOutboxProperties("no-reply@localhost", false, 1,
				Duration.ofSeconds(2), 50, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(15), 8,
				Duration.ofMinutes(15));
		int workers = 4;
		CountDownLatch ready = new CountDownLatch(workers);
		ExecutorService executor = Executors.newFixedThreadPool(workers);
		try {
			List<Future<Integer>> claimed = new ArrayList<>();
			for (int w = 0; w < workers; w++) {
				MailOutboxWorker racer = new MailOutboxWorker(this.store, () -> (mail) -> sent.add(mail.id()),
						wholeBatch, this.clock, this.audit, testMetrics(), "racer-" + w);
				Callable<Integer> race = () -> {
					ready.countDown();
					ready.await();
					return racer.poll();
				};
				claimed.add(executor.submit(race));
			}
			int total = 0;
			for (Future<Integer> result : claimed) {
				total += result.get(60, TimeUnit.SECONDS);
			}
			assertThat(total).as("claims across all workers").isEqualTo(50);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(sent).hasSize(50).doesNotHaveDuplicates();
		assertThat(Set.copyOf(sent)).isEqualTo(ids);
		assertThat(this.outbox.pendingCount()).isZero();
	}

	@Test
	void mailsOfAWorkerKilledMidBatchAreSentByAnotherOnceTheLeaseRunsOut() {
		for (int i = 0; i < 5; i++) {
			this.outbox.enqueue(mail("orphan" + i + "@example.com"));
		}
		ConcurrentLinkedQueue<UUID> sentByTheDeadWorker = new ConcurrentLinkedQueue<>();
		MailOutboxWorker killed = new MailOutboxWorker(this.store, () -> (mail) -> sentByTheDeadWorker.add(mail.id()),
				this.properties, this.clock, this.audit, testMetrics(), "killed");
		assertThat(killed.claim().mails()).hasSize(5);
		// ... and it dies here, holding five claims.

		assertThat(this.worker.poll()).as("the claims hold until the lease runs out").isZero();
		this.clock.advance(this.properties.lease().plusSeconds(1));
		assertThat(this.worker.poll()).isEqualTo(5);

		assertThat(smtpServer.getReceivedMessages()).hasSize(5);
		assertThat(sentByTheDeadWorker).isEmpty();
		assertThat(this.outbox.pendingCount()).isZero();
	}

	@Test
	void aBatchSentWhileTheDatabaseRestartsIsMarkedOnceItIsBackAndNotSentAgain() {
		// bench/faults met this: PostgreSQL stopped between the server's "250 OK" and the
		// mark.
		UUID id = this.outbox.enqueue(mail("restart@example.com"));
		AtomicInteger refusals = new AtomicInteger(2);
		MailOutboxStore restarting = new MailOutboxStore(this.jdbc) {
			@Override
			int markSent(List<UUID> ids, String claim, Instant now) {
				if (refusals.getAndDecrement() > 0) {
					throw new DataAccessResourceFailureException("terminating connection due to administrator command");
				}
				return super.markSent(ids, claim, now);
			}
		};
		MailOutboxWorker worker = new MailOutboxWorker(restarting, this.transport, this.properties, this.clock,
				this.audit, testMetrics(), "restart");

		assertThat(worker.poll()).isEqualTo(1);
		assertThat(row(id).get("status")).isEqualTo("SENT");
		this.clock.advance(this.properties.lease().plusSeconds(1));
		assertThat(this.worker.poll()).as("nothing is left to send again").isZero();
		assertThat(smtpServer.getReceivedMessages()).hasSize(1);
	}

	@Test
	void aBatchThatCannotBeMarkedWhileItsClaimHoldsIsSentAgainAfterwardsAsAtLeastOnceAllows() {
		UUID id = this.outbox.enqueue(mail("away@example.com"));
		MailOutboxStore away = new MailOutboxStore(this.jdbc) {
			@Override
			int markSent(List<UUID> ids, String claim, Instant now) {
				// Each attempt finds the database away a minute longer.
				MailOutboxTests.this.clock.advance(Duration.ofMinutes(1));
				throw new DataAccessResourceFailureException("the database is away");
			}
		};
		MailOutboxWorker worker = new MailOutboxWorker(away, this.transport, this.properties, this.clock, this.audit,
				testMetrics(), "away");

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(worker::poll);
		assertThat(row(id).get("status")).isEqualTo("SENDING");
		this.clock.advance(this.properties.lease());
		assertThat(this.worker.poll()).isEqualTo(1);
		assertThat(smtpServer.getReceivedMessages()).hasSize(2)
			.extracting(MimeMessage::getMessageID)
			.containsOnly("<" + id + "@localhost>");
	}

	@Test
	void aWorkerStoppedMidBatchFinishesItsMailAndGivesTheRestBackForAnotherToSendOnce() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.outbox.enqueue(mail("handover" + i + "@example.com"));
		}
		ConcurrentLinkedQueue<UUID> sentByTheStoppingWorker = new ConcurrentLinkedQueue<>();
		CountDownLatch sending = new CountDownLatch(1);
		CountDownLatch stopped = new CountDownLatch(1);
		MailOutboxWorker stopping = new MailOutboxWorker(this.store, () -> (mail) -> {
			sending.countDown();
			// The instance is told to stop while this, its first mail, is on the wire.
			assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
			sentByTheStoppingWorker.add(mail.id());
		}, this.properties, this.clock, this.audit, testMetrics(), "stopping");
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			Future<Integer> poll = thread.submit(stopping::poll);
			assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
			stopping.stop();
			stopped.countDown();
			assertThat(poll.get(10, TimeUnit.SECONDS)).isEqualTo(5);
		}
		finally {
			thread.shutdownNow();
		}
		assertThat(sentByTheStoppingWorker).hasSize(1);
		assertThat(stopping.poll()).as("a stopped worker claims nothing more").isZero();

		assertThat(this.worker.poll()).as("no lease to wait for: the rest was given back").isEqualTo(4);
		assertThat(smtpServer.getReceivedMessages()).hasSize(4);
		assertThat(this.worker.poll()).isZero();
		assertThat(this.outbox.pendingCount()).isZero();
		assertThat(this.jdbc.queryForList("select attempts from mail_outbox", Integer.class)).containsOnly(0);
	}

	@Test
	void aMailIsGivenUpAndAuditedAfterTheLastAttempt() {
		smtpServer.stop();
		UUID id = this.outbox.enqueue(mail("unreachable@example.com"));
		for (int attempt = 1; attempt < this.properties.maxAttempts(); attempt++) {
			assertThat(this.worker.poll()).isOne();
			assertThat(row(id)).containsEntry("status", "PENDING").containsEntry("attempts", attempt);
			this.clock.advance(this.properties.maxBackoff());
		}
		assertThat(this.worker.poll()).isOne();

		Map<String, Object> row = row(id);
		assertThat(row).containsEntry("status", "DEAD").containsEntry("attempts", this.properties.maxAttempts());
		assertThat(row.get("text_body")).isNull();
		assertThat(row.get("html_body")).isNull();
		this.clock.advance(Duration.ofDays(1));
		assertThat(this.worker.poll()).isZero();
		assertThat(this.outbox.pendingCount()).isZero();

		List<Map<String, Object>> audited = this.jdbc.queryForList(
				"select event_type, outcome, resource, reason from audit_event where resource = ?", "mail/" + id);
		assertThat(audited).singleElement().satisfies((event) -> {
			assertThat(event).containsEntry("event_type", "MAIL_DEAD").containsEntry("outcome", "FAILURE");
			assertThat(event.toString()).doesNotContain("unreachable@example.com");
		});
		smtpServer.start();
	}

	@Test
	void oneBatchOfFiftyMailsGoesOverOneSmtpConnectionAndEachArrivesOnce() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ids.add(this.outbox.enqueue(mail("batch" + i + "@example.com")));
		}

		assertThat(this.worker.poll()).isEqualTo(50);

		assertThat(CountingSocketFactory.opened()).as("SMTP connections").isOne();
		assertThat(messageIds(smtpServer.getReceivedMessages())).hasSize(50)
			.containsExactlyInAnyOrderElementsOf(messageIdsOf(ids));
		assertThat(this.jdbc.queryForList("select status from mail_outbox", String.class)).hasSize(50)
			.containsOnly("SENT");
		assertThat(this.outbox.pendingCount()).isZero();
	}

	@Test
	void twoInstancesWithTwoSendersEachDrainTheSameMailsTogetherAndEachArrivesExactlyOnce() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 240; i++) {
			ids.add(this.outbox.enqueue(mail("drain" + i + "@example.com")));
		}
		// Small batches, so that both instances have plenty to race for.
		MailOutboxProperties twoSenders = new MailOutboxProperties("no-reply@localhost", true, 2,
				Duration.ofMillis(100), 10, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(15), 8,
				Duration.ofMinutes(15));
		SimpleMeterRegistry metersOfA = new SimpleMeterRegistry();
		SimpleMeterRegistry metersOfB = new SimpleMeterRegistry();
		MailOutboxSenders instanceA = new MailOutboxSenders(new MailOutboxWorker(this.store, this.transport, twoSenders,
				this.clock, this.audit, new MailOutboxMetrics(metersOfA, this.store), "instance-a"), twoSenders);
		MailOutboxSenders instanceB = new MailOutboxSenders(new MailOutboxWorker(this.store, this.transport, twoSenders,
				this.clock, this.audit, new MailOutboxMetrics(metersOfB, this.store), "instance-b"), twoSenders);
		try {
			instanceA.start();
			instanceB.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> smtpServer.getReceivedMessages().length >= 240 && this.outbox.pendingCount() == 0);
		}
		finally {
			instanceA.stop();
			instanceB.stop();
		}

		assertThat(messageIds(smtpServer.getReceivedMessages())).hasSize(240)
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(messageIdsOf(ids));
		double sentByA = metersOfA.get("mail.outbox.sent").counter().count();
		double sentByB = metersOfB.get("mail.outbox.sent").counter().count();
		assertThat(sentByA + sentByB).isEqualTo(240);
		assertThat(sentByA).as("instance A's share").isPositive();
		assertThat(sentByB).as("instance B's share").isPositive();
		assertThat(this.jdbc.queryForList("select status from mail_outbox", String.class)).containsOnly("SENT");
	}

	@Test
	void aMailRefusedMidBatchIsRetriedAloneWhileTheRestOfTheBatchArrivesOverTheSameConnection() throws Exception {
		List<UUID> ids = enqueueInOrder("refused", 5);
		UUID refused = ids.get(2);
		// GreenMail takes every recipient; the refusal Jakarta Mail reports for one is
		// made here.
		MailTransport refusing = () -> {
			MailTransport.Connection smtp = this.transport.open();
			return new MailTransport.Connection() {

				@Override
				public void send(QueuedMail mail) throws Exception {
					if (mail.id().equals(refused)) {
						throw new SendFailedException("550 mailbox unavailable");
					}
					smtp.send(mail);
				}

				@Override
				public void close() {
					smtp.close();
				}

			};
		};
		MailOutboxWorker worker = new MailOutboxWorker(this.store, refusing, this.properties, this.clock, this.audit,
				testMetrics(), "refused");

		assertThat(worker.poll()).isEqualTo(5);

		assertThat(CountingSocketFactory.opened()).as("SMTP connections").isOne();
		List<UUID> delivered = new ArrayList<>(ids);
		delivered.remove(refused);
		assertThat(messageIds(smtpServer.getReceivedMessages()))
			.containsExactlyInAnyOrderElementsOf(messageIdsOf(delivered));
		assertThat(row(refused)).containsEntry("status", "PENDING")
			.containsEntry("attempts", 1)
			.containsEntry("last_error", "delivery failed: jakarta.mail.SendFailedException");
		assertThat(delivered).allSatisfy((id) -> assertThat(row(id)).containsEntry("status", "SENT"));

		this.clock.advance(this.properties.initialBackoff());
		assertThat(this.worker.poll()).as("only the refused mail is due again").isOne();
		assertThat(messageIds(smtpServer.getReceivedMessages())).hasSize(5)
			.containsExactlyInAnyOrderElementsOf(messageIdsOf(ids));
	}

	@Test
	void whenTheServerHangsUpMidBatchOnlyTheMailOnTheWireIsRetriedAndTheRestGoesOverANewConnection() throws Exception {
		List<UUID> ids = enqueueInOrder("hangup", 6);
		List<String> receivedBeforeTheHangUp = new ArrayList<>();
		MailTransport hangingUp = () -> {
			MailTransport.Connection smtp = this.transport.open();
			return new MailTransport.Connection() {

				private int sends;

				@Override
				public void send(QueuedMail mail) throws Exception {
					if (++this.sends == 3) {
						// The server goes away with the connection, and comes back at
						// once.
						receivedBeforeTheHangUp.addAll(messageIds(smtpServer.getReceivedMessages()));
						smtpServer.stop();
						smtpServer.start();
					}
					smtp.send(mail);
				}

				@Override
				public void close() {
					smtp.close();
				}

			};
		};
		MailOutboxWorker worker = new MailOutboxWorker(this.store, hangingUp, this.properties, this.clock, this.audit,
				testMetrics(), "hung-up-on");

		assertThat(worker.poll()).isEqualTo(6);

		assertThat(receivedBeforeTheHangUp).containsExactlyElementsOf(messageIdsOf(ids.subList(0, 2)));
		assertThat(messageIds(smtpServer.getReceivedMessages())).as("after the hang-up")
			.containsExactlyElementsOf(messageIdsOf(ids.subList(3, 6)));
		assertThat(CountingSocketFactory.opened()).as("the first connection and one more").isEqualTo(2);
		assertThat(row(ids.get(2))).containsEntry("status", "PENDING").containsEntry("attempts", 1);

		this.clock.advance(this.properties.initialBackoff());
		assertThat(this.worker.poll()).as("only the mail on the wire is due again").isOne();
		List<String> all = new ArrayList<>(receivedBeforeTheHangUp);
		all.addAll(messageIds(smtpServer.getReceivedMessages()));
		assertThat(all).hasSize(6).containsExactlyInAnyOrderElementsOf(messageIdsOf(ids));
		assertThat(this.outbox.pendingCount()).isZero();
	}

	/** Queues mails one clock tick apart, so that a batch sends them in this order. */
	private List<UUID> enqueueInOrder(String prefix, int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.outbox.enqueue(mail(prefix + i + "@example.com")));
			this.clock.advance(Duration.ofMillis(1));
		}
		return ids;
	}

	private static List<String> messageIds(MimeMessage[] messages) throws MessagingException {
		List<String> ids = new ArrayList<>();
		for (MimeMessage message : messages) {
			ids.add(message.getMessageID());
		}
		return ids;
	}

	private static List<String> messageIdsOf(List<UUID> ids) {
		return ids.stream().map((id) -> "<" + id + "@localhost>").toList();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void mailsSentOrGivenUpAreDeletedOnceTheRetentionPeriodIsOverAndQueuedOnesNever() {
		Instant then = this.clock.instant();
		UUID sent = this.outbox.enqueue(mail("sent@example.com"));
		assertThat(this.worker.poll()).isOne();
		UUID dead = this.outbox.enqueue(mail("dead@example.com"));
		assertThat(this.store.claim(List.of(dead), "retention-test", then, then.plusSeconds(120))).isOne();
		assertThat(this.store.markDead(dead, "retention-test", 8, "delivery failed")).isTrue();
		UUID pending = this.outbox.enqueue(mail("pending@example.com"));
		UUID sending = this.outbox.enqueue(mail("sending@example.com"));
		assertThat(this.store.claim(List.of(sending), "stopped-instance", then, then.plusSeconds(120))).isOne();

		this.clock.advance(Duration.ofDays(7).plusMinutes(1));
		Instant now = this.clock.instant();
		UUID recent = this.outbox.enqueue(mail("recent@example.com"));
		assertThat(this.store.claim(List.of(recent), "recent", now, now.plusSeconds(120))).isOne();
		assertThat(this.store.markSent(List.of(recent), "recent", now)).isOne();

		Instant cutoff = now.minus(Duration.ofDays(7));
		assertThat(this.store.deleteUnusableBefore(cutoff, 1000)).isEqualTo(2);
		assertThat(this.store.deleteUnusableBefore(cutoff, 1000)).isZero();
		assertThat(this.jdbc.queryForList("select id from mail_outbox", UUID.class))
			.containsExactlyInAnyOrder(pending, sending, recent)
			.doesNotContain(sent, dead);
		assertThat(this.outbox.pendingCount()).isEqualTo(2);
	}

	@Test
	void twoInstancesPurgingAtOnceDeleteEachOldMailExactlyOnceAndNothingElse() throws Exception {
		Instant then = this.clock.instant();
		List<UUID> old = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			old.add(this.outbox.enqueue(mail("old" + i + "@example.com")));
		}
		assertThat(this.store.claim(old, "old", then, then.plusSeconds(120))).isEqualTo(60);
		assertThat(this.store.markSent(old, "old", then)).isEqualTo(60);
		this.clock.advance(Duration.ofDays(8));
		UUID queued = this.outbox.enqueue(mail("queued@example.com"));
		Instant cutoff = this.clock.instant().minus(Duration.ofDays(7));

		Callable<Integer> instance = () -> {
			int deleted = 0;
			int batch;
			do {
				batch = this.store.deleteUnusableBefore(cutoff, 7);
				deleted += batch;
			}
			while (batch > 0);
			return deleted;
		};
		List<Integer> deleted = AllAtOnce.run(List.of(instance, instance));

		assertThat(deleted.get(0) + deleted.get(1)).isEqualTo(60);
		assertThat(this.jdbc.queryForList("select id from mail_outbox", UUID.class)).containsExactly(queued);
	}

	private static OutgoingMail mail(String to) {
		return new OutgoingMail(to, "Your reset link", "https://reset.example/t/secret", null);
	}

	private Map<String, Object> row(UUID id) {
		Map<String, Object> row = new HashMap<>();
		this.jdbc.queryForMap("select * from mail_outbox where id = ?", id)
			.forEach((column, value) -> row.put(column.toLowerCase(Locale.ROOT), value));
		return row;
	}

	private static Instant instant(Object value) {
		if (value instanceof OffsetDateTime offsetDateTime) {
			return offsetDateTime.toInstant();
		}
		if (value instanceof Timestamp timestamp) {
			return timestamp.toInstant();
		}
		throw new IllegalStateException("not a timestamp: " + value.getClass());
	}

	private MailOutboxMetrics testMetrics() {
		return new MailOutboxMetrics(new SimpleMeterRegistry(), this.store);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
		}

	}

}
