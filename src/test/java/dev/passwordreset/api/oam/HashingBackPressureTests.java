package dev.passwordreset.api.oam;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.AllAtOnce;
import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.reset.ResetProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance that runs one password hash at a time and lets a request wait 300 ms for
 * its turn. While a hash holds the only turn, every request that needs one is answered
 * 503 with {@code Retry-After} in its face's format, and has changed, spent and counted
 * nothing, not even a place in the user's reset limit: the same request succeeds once the
 * turn is free. A burst answers only successes and 503s, and the audit holds one success
 * per success answered.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HashingBackPressureTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int BURST = 16;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ConfigurableApplicationContext bounded;

	HttpApi admin;

	HttpApi client;

	HttpApi anonymous;

	String publicBaseUrl;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private CountDownLatch release = new CountDownLatch(0);

	@BeforeAll
	void startAnInstanceThatHashesOneAtATime() {
		this.bounded = new SpringApplicationBuilder(PasswordResetApplication.class).run("--server.port=0",
				"--reset.password.hashing.concurrency=1", "--reset.password.hashing.max-wait=300ms",
				"--reset.trusted-proxies=" + ApiTest.TRUSTED_PROXY);
		int boundedPort = Integer.parseInt(this.bounded.getEnvironment().getProperty("local.server.port"));
		this.publicBaseUrl = this.bounded.getEnvironment().getProperty("reset.public-base-url");
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.client = HttpApi.on(boundedPort).as(TestCredentials.MANAGEMENT);
		this.anonymous = HttpApi.on(boundedPort);
	}

	@AfterEach
	void freeTheTurn() {
		this.release.countDown();
	}

	@AfterAll
	void stopIt() {
		this.threads.shutdownNow();
		this.bounded.close();
	}

	@Test
	void anAdministratorsResetWithoutATurnIsAnswered503AndChangesNothing() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		String userId = OamFixtures.createUser(this.admin, store, "busy-otp", null, null);
		String before = passwordHashOf(userId);
		String path = "/v1/identity-stores/" + store.id() + "/users/" + userId + "/reset-password";

		holdTheOnlyTurn();
		ApiResponse busy = this.client.post(path, "{\"mode\": \"OTP\"}");

		assertThat(busy.status()).as(busy.body()).isEqualTo(503);
		assertThat(busy.json().propertyNames()).containsExactlyInAnyOrder("error_code", "error_msg", "request_id");
		assertThat(busy.text("error_code")).isEqualTo("IIC.503");
		assertThat(Long.parseLong(busy.header("Retry-After"))).isPositive();
		assertThat(passwordHashOf(userId)).isEqualTo(before);
		assertThat(successes(store, "PASSWORD_RESET")).isZero();

		freeTheTurnNow();
		ApiResponse reset = this.client.post(path, "{\"mode\": \"OTP\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		TestSecrets.remember(reset.text("password"));
		assertThat(OamFixtures.signIn(this.admin, store, "busy-otp", reset.text("password"))).isEqualTo(200);
	}

	@Test
	void resetsRefusedForWantOfATurnDoNotCountAgainstTheUsersResetLimit() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		String userId = OamFixtures.createUser(this.admin, store, "busy-retry", null, null);
		String path = "/v1/identity-stores/" + store.id() + "/users/" + userId + "/reset-password";
		int limit = this.bounded.getBean(ResetProperties.class).administratorResets().maxPerUser();

		holdTheOnlyTurn();
		for (int i = 0; i <= limit; i++) {
			ApiResponse busy = this.client.post(path, "{\"mode\": \"OTP\"}");
			assertThat(busy.status()).as(busy.body()).isEqualTo(503);
		}

		freeTheTurnNow();
		ApiResponse retried = this.client.post(path, "{\"mode\": \"OTP\"}");
		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		TestSecrets.remember(retried.text("password"));
		assertThat(OamFixtures.signIn(this.admin, store, "busy-retry", retried.text("password"))).isEqualTo(200);
	}

	@Test
	void anOamResetWithoutATurnIsAnswered503AndLeavesItsCodeUnspent() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		OamFixtures.createUser(this.admin, store, "busy-oam", null, null);
		OamFixtures.Issued code = OamFixtures.issueCustom(this.admin, store, "busy-oam", "busy-app");
		String path = "/busy-oam/" + store.name();

		holdTheOnlyTurn();
		ApiResponse busy = OamFixtures.resetWithOtp(this.client, path,
				OamFixtures.otp(store, "busy-oam", "busy-app", code), OamFixtures.GOOD_PASSWORD, null);

		assertThat(busy.status()).as(busy.body()).isEqualTo(503);
		assertThat(busy.json().propertyNames()).containsExactlyInAnyOrder("message", "minorCode", "resultCode");
		assertThat(Long.parseLong(busy.header("Retry-After"))).isPositive();

		freeTheTurnNow();
		ApiResponse reset = OamFixtures.resetWithOtp(this.client, path,
				OamFixtures.otp(store, "busy-oam", "busy-app", code), OamFixtures.GOOD_PASSWORD, null);
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		assertThat(OamFixtures.signIn(this.admin, store, "busy-oam", OamFixtures.GOOD_PASSWORD)).isEqualTo(200);
	}

	@Test
	void aResetLinkConfirmedWithoutATurnStillWorksAfterwardsOnTheApiAndThePage() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		String email = "busy-link-" + UUID.randomUUID() + "@example.com";
		String userId = OamFixtures.createUser(this.admin, store, "busy-link", email, null);
		ApiResponse issued = this.admin.post(
				"/v1/identity-stores/" + store.id() + "/users/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		String token = tokenMailedTo(email);
		String confirmation = JSON.createObjectNode()
			.put("token", token)
			.put("new_password", OamFixtures.GOOD_PASSWORD)
			.toString();

		holdTheOnlyTurn();
		ApiResponse busyApi = this.anonymous.post("/v1/password-resets/confirm", confirmation);
		ApiResponse busyPage = this.anonymous.send("POST", "/reset-password", "application/x-www-form-urlencoded",
				"token=" + token + "&password=" + OamFixtures.GOOD_PASSWORD + "&confirmation="
						+ OamFixtures.GOOD_PASSWORD);

		assertThat(busyApi.status()).as(busyApi.body()).isEqualTo(503);
		assertThat(busyApi.text("error_code")).isEqualTo("IIC.503");
		assertThat(Long.parseLong(busyApi.header("Retry-After"))).isPositive();
		assertThat(busyPage.status()).isEqualTo(503);
		assertThat(busyPage.header("Content-Type")).startsWith("text/html");
		assertThat(Long.parseLong(busyPage.header("Retry-After"))).isPositive();
		assertThat(busyPage.body()).contains("The service is busy")
			.contains("<form")
			.doesNotContain(OamFixtures.GOOD_PASSWORD);

		freeTheTurnNow();
		ApiResponse confirmed = this.anonymous.post("/v1/password-resets/confirm", confirmation);
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(OamFixtures.signIn(this.admin, store, "busy-link", OamFixtures.GOOD_PASSWORD)).isEqualTo(200);
	}

	@Test
	void signInsRefusedForWantOfATurnCountNoFailedAttempt() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		String userId = OamFixtures.createUser(this.admin, store, "busy-sign-in", null, null);
		ApiResponse reset = this.admin
			.post("/v1/identity-stores/" + store.id() + "/users/" + userId + "/reset-password", "{\"mode\": \"OTP\"}");
		String password = reset.text("password");
		TestSecrets.remember(password);

		holdTheOnlyTurn();
		for (int i = 0; i < 10; i++) {
			assertThat(OamFixtures.signIn(this.client, store, "busy-sign-in", "wrong guess " + i)).isEqualTo(503);
		}
		assertThat(this.jdbc.queryForObject("select failed_sign_ins from store_user where id = ?", Integer.class,
				UUID.fromString(userId)))
			.isZero();

		freeTheTurnNow();
		assertThat(OamFixtures.signIn(this.client, store, "busy-sign-in", password)).isEqualTo(200);
	}

	@Test
	void aBurstOfResetsAnswersOnlySuccessesAndServiceUnavailableAndAuditsEachSuccess() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			users.add(OamFixtures.createUser(this.admin, store, "burst-" + i, null, null));
		}
		List<Callable<ApiResponse>> calls = new ArrayList<>();
		for (String userId : users) {
			calls.add(
					() -> this.client.post("/v1/identity-stores/" + store.id() + "/users/" + userId + "/reset-password",
							"{\"mode\": \"OTP\"}"));
		}

		List<ApiResponse> answers = AllAtOnce.run(calls);

		for (ApiResponse answer : answers) {
			assertThat(answer.status()).as(answer.body()).isIn(200, 503);
			if (answer.status() == 503) {
				assertThat(answer.text("error_code")).isEqualTo("IIC.503");
				assertThat(answer.header("Retry-After")).isNotBlank();
			}
			else {
				TestSecrets.remember(answer.text("password"));
			}
		}
		assertThat(answers).anyMatch((answer) -> answer.status() == 200);
		assertThat(successes(store, "PASSWORD_RESET"))
			.isEqualTo(answers.stream().filter((answer) -> answer.status() == 200).count());
	}

	/**
	 * Takes the instance's only hashing turn on another thread and keeps it until the
	 * test frees it.
	 */
	private void holdTheOnlyTurn() throws InterruptedException {
		PasswordHashing hashing = this.bounded.getBean(PasswordHashing.class);
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch released = new CountDownLatch(1);
		this.release = released;
		this.threads.submit(() -> hashing.withTurn(() -> {
			holding.countDown();
			try {
				released.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return null;
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private void freeTheTurnNow() {
		this.release.countDown();
	}

	private String passwordHashOf(String userId) {
		return this.jdbc.queryForObject("select password_hash from store_user where id = ?", String.class,
				UUID.fromString(userId));
	}

	private String tokenMailedTo(String email) {
		String text = this.jdbc.queryForObject(
				"select text_body from mail_outbox where recipient = ? order by created_at desc limit 1", String.class,
				email);
		Matcher matcher = Pattern
			.compile(Pattern.quote(this.publicBaseUrl + "/reset-password?token=") + "([A-Za-z0-9_-]{43})")
			.matcher(text);
		assertThat(matcher.find()).as("a reset link in the mail").isTrue();
		TestSecrets.remember(matcher.group(1));
		return matcher.group(1);
	}

	private long successes(OamFixtures.Store store, String type) {
		return this.jdbc.queryForObject(
				"select count(*) from audit_event where event_type = ? and outcome = 'SUCCESS' and resource like ?",
				Long.class, type, "identitystore/" + store.id() + "/user/%");
	}

}
