package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.passwordreset.ClientAddresses;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.ReceivedMail;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.mail.MailDelivery;
import dev.passwordreset.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hand-over of "forgot password" requests from the request thread to the workers,
 * over real HTTP, a real SMTP server (GreenMail on a free port) and the run's database.
 * The instance under test runs no worker, as if it had died right after answering 202;
 * two more instances of the service on the same database, started once and stopped
 * between tests, are the workers that come later. Requests come through a trusted proxy
 * that forwards a client address of their own, and carry their own request ids, which the
 * audit and the stored rows record.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "reset.self-service.worker.enabled=false",
				"reset.trusted-proxies=" + SelfServiceHandOverTests.PROXY, "spring.mail.host=localhost",
				"reset.public-base-url=https://reset.example.test" })
@Tag("database")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfServiceHandOverTests {

	/** A loopback address that HttpApi.randomLoopbackAddress never draws. */
	static final String PROXY = "127.9.9.8";

	private static final String PATH = "/v1/password-resets";

	private static final Duration PROCESSING = Duration.ofMinutes(3);

	private static final GreenMail SMTP = startedSmtpServer();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	ConfigurableApplicationContext firstWorker;

	ConfigurableApplicationContext secondWorker;

	@DynamicPropertySource
	static void smtpServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
	}

	@BeforeAll
	void startTheWorkerInstancesStopped() {
		this.firstWorker = workerInstance();
		this.secondWorker = workerInstance();
		this.firstWorker.stop();
		this.secondWorker.stop();
	}

	@AfterEach
	void stopTheWorkerInstances() {
		for (ConfigurableApplicationContext instance : List.of(this.firstWorker, this.secondWorker)) {
			if (instance.isRunning()) {
				instance.stop();
			}
		}
	}

	@AfterAll
	void closeEverything() {
		this.firstWorker.close();
		this.secondWorker.close();
		SMTP.stop();
	}

	@Test
	void aRequestAnsweredWhileNoWorkerRanIsMailedExactlyOnceByAnInstanceStartedLater() {
		String store = createStore();
		String email = unique("crash") + "@example.test";
		createUser(store, "crash", email);
		String requestId = unique("crash");

		assertThat(forgot(requestId, newClient(), body(store, "user_name", "crash")).status()).isEqualTo(202);
		assertThat(storedRequests(requestId)).as("stored before the answer").isOne();
		assertThat(outcomes(requestId)).isEmpty();
		assertThat(queuedMailsTo(email)).isZero();

		this.firstWorker.start();
		await().atMost(PROCESSING).until(() -> storedRequests(requestId) == 0);
		assertThat(outcomes(requestId)).containsExactly("a reset link was queued");
		assertThat(queuedMailsTo(email)).isOne();
		MailDelivery.deliverQueued(this.context);
		assertThat(ReceivedMail.to(email, SMTP.getReceivedMessages())).singleElement()
			.satisfies((mail) -> assertThat(mail.text()).contains("https://reset.example.test/reset-password?token="));
	}

	@Test
	void knownAndUnknownUsersGetTheSameAnswerAndLeaveOneStoredRequestEachUntilProcessed() {
		String store = createStore();
		String email = unique("known") + "@example.test";
		createUser(store, "known", email);
		String unknownName = "Maybe-A-Password-" + UUID.randomUUID();
		String unknownEmail = unique("nobody") + "@example.test";
		TestSecrets.remember(unknownName);
		Map<String, String> bodies = Map.of(unique("known-name"), body(store, "user_name", "known"),
				unique("unknown-name"), body(store, "user_name", unknownName), unique("known-email"),
				body(store, "email", email), unique("unknown-email"), body(store, "email", unknownEmail));

		List<ApiResponse> answers = new ArrayList<>();
		bodies.forEach((requestId, body) -> answers.add(forgot(requestId, newClient(), body)));
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(202);
			assertThat(answer.body()).isEqualTo(answers.get(0).body());
			assertThat(answer.header("Content-Length")).isEqualTo(answers.get(0).header("Content-Length"));
		});
		assertThat(bodies.keySet()).allSatisfy((requestId) -> assertThat(storedRequests(requestId)).isOne());

		this.firstWorker.start();
		await().atMost(PROCESSING).until(() -> bodies.keySet().stream().mapToLong(this::storedRequests).sum() == 0);
		assertThat(bodies.keySet()).allSatisfy((requestId) -> assertThat(outcomes(requestId)).hasSize(1));
		assertThat(queuedMailsTo(email)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from self_service_request where user_name = ? or email in (?, ?)", Long.class,
				unknownName, email, unknownEmail))
			.as("what was typed is gone once processed")
			.isZero();
	}

	@Test
	void twoInstancesSharingAHundredStoredRequestsQueueEachLinkExactlyOnce() throws Exception {
		String store = createStore();
		String domain = unique("pair") + ".example.test";
		String batch = unique("pair");
		int requests = 100;
		for (int i = 0; i < requests; i++) {
			createUser(store, "pair-" + i, "pair-" + i + "@" + domain);
		}
		for (int i = 0; i < requests; i++) {
			assertThat(forgot(batch + "-" + i, newClient(), body(store, "user_name", "pair-" + i)).status())
				.isEqualTo(202);
		}
		assertThat(storedRequestsOf(batch)).isEqualTo(requests);
		double firstBefore = processedBy(this.firstWorker);
		double secondBefore = processedBy(this.secondWorker);

		CompletableFuture
			.allOf(CompletableFuture.runAsync(this.firstWorker::start),
					CompletableFuture.runAsync(this.secondWorker::start))
			.get();
		await().atMost(PROCESSING).until(() -> storedRequestsOf(batch) == 0);

		assertThat(processedBy(this.firstWorker) - firstBefore).as("processed by the first instance").isPositive();
		assertThat(processedBy(this.secondWorker) - secondBefore).as("processed by the second instance").isPositive();
		assertThat(mailsPerRecipient(domain)).hasSize(requests).containsOnly(1L);
		assertThat(this.jdbc.queryForList("select reason from audit_event where request_id like ?", String.class,
				batch + "-%"))
			.hasSize(requests)
			.containsOnly("a reset link was queued");
		MailDelivery.deliverQueued(this.context);
		assertThat(SMTP.getReceivedMessagesForDomain(domain)).hasSize(requests)
			.extracting((message) -> ReceivedMail.of(message).to())
			.doesNotHaveDuplicates();
	}

	@Test
	void aRequestWhoseProcessingFailsIsRetriedThenGivenUpAndAuditedWhileTheOthersGoThrough(
			@Autowired SelfServiceRequestStore requests, @Autowired UserCredentialService credentials,
			@Autowired PasswordResetService resets, @Autowired RateLimiter limiter, @Autowired AuditLog audit,
			@Autowired Clock clock, @Autowired ResetProperties properties,
			@Autowired PlatformTransactionManager transactionManager) {
		String poisoned = "Poisoned-" + UUID.randomUUID();
		TestSecrets.remember(poisoned);
		SelfServiceRequestProcessor failingForOne = new SelfServiceRequestProcessor(requests, credentials, resets,
				limiter, audit, clock, properties, transactionManager) {

			@Override
			boolean process(SelfServiceRequest claimed, String worker) {
				if (poisoned.equals(claimed.request().userName())) {
					throw new IllegalStateException("an injected failure for " + poisoned);
				}
				return super.process(claimed, worker);
			}

		};
		MeterRegistry meters = new SimpleMeterRegistry();
		ResetProperties.Worker quickRetries = new ResetProperties.Worker(true, 1, Duration.ofMillis(50), 20,
				Duration.ofMinutes(1), Duration.ofMillis(50), Duration.ofMillis(200), 3);
		SelfServiceWorker worker = new SelfServiceWorker(requests, failingForOne, withWorker(properties, quickRetries),
				clock, meters);
		String store = createStore();
		String batch = unique("poison");
		List<String> emails = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			emails.add(unique("healthy") + "@example.test");
			createUser(store, "healthy-" + i, emails.get(i));
		}
		assertThat(forgot(batch + "-poisoned", newClient(), body(store, "user_name", poisoned)).status())
			.isEqualTo(202);
		for (int i = 0; i < 3; i++) {
			assertThat(forgot(batch + "-" + i, newClient(), body(store, "user_name", "healthy-" + i)).status())
				.isEqualTo(202);
		}

		worker.start();
		try {
			await().atMost(PROCESSING).until(() -> storedRequestsOf(batch) == 0);
		}
		finally {
			worker.stop();
		}
		assertThat(outcomes(batch + "-poisoned")).containsExactly("no link: given up after 3 failed attempts");
		for (int i = 0; i < 3; i++) {
			assertThat(outcomes(batch + "-" + i)).containsExactly("a reset link was queued");
			assertThat(queuedMailsTo(emails.get(i))).isOne();
		}
		assertThat(meters.counter("self.service.requests.failed").count()).isEqualTo(3);
		assertThat(meters.counter("self.service.requests.given.up").count()).isEqualTo(1);
		assertThat(meters.counter("self.service.requests.processed").count()).isEqualTo(3);
	}

	@Test
	void aBurstOfTwoThousandRequestsFromManyAddressesIsAcceptedInFullAndProcessedInFull() throws Exception {
		String store = createStore();
		String domain = unique("burst") + ".example.test";
		int known = 10;
		for (int i = 0; i < known; i++) {
			createUser(store, "known-" + i, "known-" + i + "@" + domain);
		}
		this.firstWorker.start();
		this.secondWorker.start();
		String burst = unique("burst");
		int requests = 2000;
		ExecutorService clients = Executors.newFixedThreadPool(16);
		List<Future<Integer>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < requests; i++) {
				String user = (i % (requests / known) == 0) ? "known-" + (i / (requests / known)) : "unknown-" + i;
				String requestId = burst + "-" + i;
				String client = ClientAddresses.forwarded();
				answers.add(clients.submit(() -> forgot(requestId, client, body(store, "user_name", user)).status()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(202);
			}
		}
		finally {
			clients.shutdownNow();
		}

		await().atMost(PROCESSING).until(() -> storedRequestsOf(burst) == 0);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where request_id like ?", Long.class,
				burst + "-%"))
			.as("one outcome per request")
			.isEqualTo(requests);
		assertThat(mailsPerRecipient(domain)).hasSize(known).containsOnly(1L);
	}

	@Test
	void anInstanceThatStopsGivesItsClaimsBackAndAnotherFinishesEveryRequestOnce() {
		String store = createStore();
		String batch = unique("handover");
		int requests = 60;
		for (int i = 0; i < requests; i++) {
			assertThat(forgot(batch + "-" + i, newClient(), body(store, "user_name", "nobody-" + i)).status())
				.isEqualTo(202);
		}

		this.firstWorker.start();
		await().atMost(PROCESSING).until(() -> storedRequestsOf(batch) < requests);
		this.firstWorker.stop();
		assertThat(this.jdbc.queryForObject("""
				select count(*) from self_service_request where request_id like ? and claimed_by is not null""",
				Long.class, batch + "-%"))
			.as("claims given back on stopping")
			.isZero();

		this.secondWorker.start();
		await().atMost(PROCESSING).until(() -> storedRequestsOf(batch) == 0);
		assertThat(this.jdbc.queryForList("select reason from audit_event where request_id like ?", String.class,
				batch + "-%"))
			.hasSize(requests)
			.containsOnly("no link: no user matches");
	}

	private static ResetProperties withWorker(ResetProperties properties, ResetProperties.Worker worker) {
		ResetProperties.SelfService selfService = properties.selfService();
		return new ResetProperties(properties.otpPassword(), properties.lockout(), properties.resetLink(),
				new ResetProperties.SelfService(true, selfService.perUser(), selfService.perAddress(), worker),
				properties.administratorResets(), properties.publicBaseUrl());
	}

	private static ConfigurableApplicationContext workerInstance() {
		return new SpringApplicationBuilder(PasswordResetApplication.class).run("--server.port=0",
				"--reset.self-service.worker.poll-interval=100ms", "--reset.self-service.worker.batch-size=5",
				"--reset.public-base-url=https://reset.example.test");
	}

	private static double processedBy(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class).counter("self.service.requests.processed").count();
	}

	private ApiResponse forgot(String requestId, String client, String body) {
		return HttpApi.on(this.port)
			.from(PROXY)
			.header("X-Forwarded-For", client)
			.header("X-Request-Id", requestId)
			.postFromAddress(PATH, body);
	}

	private long storedRequests(String requestId) {
		return this.jdbc.queryForObject("select count(*) from self_service_request where request_id = ?", Long.class,
				requestId);
	}

	private long storedRequestsOf(String batch) {
		return this.jdbc.queryForObject("select count(*) from self_service_request where request_id like ?", Long.class,
				batch + "-%");
	}

	/** What the audit says came of a request. */
	private List<String> outcomes(String requestId) {
		return this.jdbc.queryForList("""
				select reason from audit_event where event_type = 'PASSWORD_RESET_REQUESTED' and request_id = ?
				order by id""", String.class, requestId);
	}

	private List<Long> mailsPerRecipient(String domain) {
		return this.jdbc.queryForList("select count(*) from mail_outbox where recipient like ? group by recipient",
				Long.class, "%@" + domain);
	}

	private long queuedMailsTo(String email) {
		return this.jdbc.queryForObject("select count(*) from mail_outbox where recipient = ?", Long.class, email);
	}

	private String createStore() {
		ApiResponse created = admin().post("/v1/identity-stores", "{\"name\": \"" + unique("store") + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("identity_store_id");
	}

	private void createUser(String store, String userName, String email) {
		ApiResponse created = admin().post("/v1/identity-stores/" + store + "/users", "{\"user_name\": \"" + userName
				+ "\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	private HttpApi admin() {
		return HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

	private static String body(String store, String field, String value) {
		return "{\"identity_store_id\": \"" + store + "\", \"" + field + "\": \"" + value + "\"}";
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * A client of its own as far as the per-address limit goes: no other test of the run,
	 * in this class or another sharing the database, counts against it.
	 */
	private static String newClient() {
		return ClientAddresses.forwarded();
	}

	private static GreenMail startedSmtpServer() {
		GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		server.start();
		return server;
	}

}
