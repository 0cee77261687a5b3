package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.password.PasswordHashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Huawei's reset-password in OTP mode, and the sign-in check that uses what it sets.
 */
@ApiTest
class PasswordResetApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PasswordHashing hashing;

	HttpApi admin;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void oneTimePasswordSignsInAndMustBeChanged() {
		String userId = createUser("otp-user");
		String password = resetWithOneTimePassword(userId);
		assertThat(password).hasSizeGreaterThanOrEqualTo(16)
			.matches(".*[A-Z].*")
			.matches(".*[a-z].*")
			.matches(".*[0-9].*")
			.matches(".*[^A-Za-z0-9].*");

		ApiResponse signedIn = signIn("otp-user", password);
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.text("user_id")).isEqualTo(userId);
		assertThat(signedIn.json().get("password_change_required").asBoolean()).isTrue();
		assertThat(this.admin.get(users() + "/" + userId).json().get("password_change_required").asBoolean()).isTrue();
		assertThat(signIn("OTP-USER", password).status()).as("user names match without regard to case").isEqualTo(200);
	}

	@Test
	void aPasswordOlderThanTheStoresMaxAgeSignsInAndMustBeChanged() {
		String userId = createUser("aged");
		String password = resetWithOneTimePassword(userId);
		// As if the user had chosen this password two days ago.
		this.jdbc.update("update store_user set password_change_required = false, password_set_at = ? where id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))),
				java.util.UUID.fromString(userId));
		ApiResponse withoutALimit = signIn("aged", password);
		assertThat(withoutALimit.status()).isEqualTo(200);
		assertThat(withoutALimit.json().get("password_change_required").asBoolean()).isFalse();

		ApiResponse policy = this.admin.put("/v1/identity-stores/" + this.store + "/password-policy",
				"{\"password_policy\": {\"max_password_age\": 1}}");
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
		ApiResponse aged = signIn("aged", password);
		assertThat(aged.status()).isEqualTo(200);
		assertThat(aged.json().get("password_change_required").asBoolean()).isTrue();
		assertThat(this.jdbc.queryForObject("select reason from audit_event where request_id = ?", String.class,
				aged.header("X-Request-Id")))
			.isEqualTo("signed in; the password is older than max_password_age (1 days) and must be changed");

		this.jdbc.update("update store_user set password_set_at = ? where id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofHours(23))),
				java.util.UUID.fromString(userId));
		assertThat(signIn("aged", password).json().get("password_change_required").asBoolean())
			.as("younger than the limit")
			.isFalse();
	}

	@Test
	void oneTimePasswordResetTellsTheUserByMailWithoutThePassword() {
		String email = "told-" + System.nanoTime() + "@example.com";
		ApiResponse created = this.admin.post(users(),
				"{\"user_name\": \"told\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}");
		String password = resetWithOneTimePassword(created.text("user_id"));
		List<String> mails = this.jdbc.queryForList(
				"select subject || ' ' || text_body || ' ' || html_body from mail_outbox where recipient = ?",
				String.class, email);
		assertThat(mails).singleElement()
			.satisfies((mail) -> assertThat(mail).contains("one-time password").doesNotContain(password));
	}

	@Test
	void eachResetIssuesANewPasswordAndTheOldOneStopsWorking() {
		String userId = createUser("twice");
		String first = resetWithOneTimePassword(userId);
		String second = resetWithOneTimePassword(userId);
		assertThat(second).isNotEqualTo(first);
		assertError(signIn("twice", first), 401, "IIC.4010");
		assertThat(signIn("twice", second).status()).isEqualTo(200);
	}

	@Test
	void resetsOfOneUserAreCappedSoNoCallerCanFloodItsInbox() {
		String userId = createUser("flooded");
		String other = createUser("spared");
		for (int i = 0; i < 10; i++) {
			assertThat(this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"OTP\"}").status())
				.as("reset %d", i + 1)
				.isEqualTo(200);
		}
		ApiResponse capped = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(capped.status()).isEqualTo(429);
		assertThat(capped.text("error_code")).isEqualTo("APIGW.0308");
		assertThat(capped.header("Retry-After")).isNotBlank();
		assertThat(this.admin.post(users() + "/" + other + "/reset-password", "{\"mode\": \"OTP\"}").status())
			.as("another user of the same caller")
			.isEqualTo(200);
	}

	@Test
	void expiredOneTimePasswordFailsLikeAWrongOne() {
		String userId = createUser("expired");
		String password = resetWithOneTimePassword(userId);
		this.jdbc.update("update store_user set password_expires_at = ? where id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), java.util.UUID.fromString(userId));
		ApiResponse expired = signIn("expired", password);
		ApiResponse wrong = signIn("expired", "wrong-" + password);
		assertError(expired, 401, "IIC.4010");
		assertError(wrong, 401, "IIC.4010");
		assertThat(expired.text("error_msg")).isEqualTo(wrong.text("error_msg"));
	}

	@Test
	void everyRefusedSignInLooksTheSame() {
		String userId = createUser("alike");
		String password = resetWithOneTimePassword(userId);
		createUser("never-set");
		String disabled = createUser("disabled");
		String disabledPassword = resetWithOneTimePassword(disabled);
		this.admin.post(users() + "/" + disabled + "/disable");

		List<ApiResponse> refusals = List.of(signIn("alike", password + "x"), signIn("nobody-by-this-name", password),
				signIn("never-set", password), signIn("disabled", disabledPassword));
		for (ApiResponse refusal : refusals) {
			assertError(refusal, 401, "IIC.4010");
			assertThat(refusal.text("error_msg")).isEqualTo(refusals.get(0).text("error_msg"));
		}
	}

	@Test
	void tenConsecutiveFailuresLockTheUserEvenForTheRightPassword() {
		String userId = createUser("locked");
		String password = resetWithOneTimePassword(userId);
		for (int i = 0; i < 10; i++) {
			assertError(signIn("locked", "wrong-" + i), 401, "IIC.4010");
		}
		assertError(signIn("locked", password), 401, "IIC.4010");

		JsonNode lockout = this.admin
			.get("/v1/audit-events?type=USER_LOCKED_OUT&account_id=" + TestCredentials.MANAGEMENT_ACCOUNT_ID)
			.json()
			.get("audit_events");
		assertThat(lockout.valueStream().map((event) -> event.get("resource").asString()))
			.contains("identitystore/" + this.store + "/user/" + userId);

		// Once the lockout is over, the right password works and the count starts again.
		this.jdbc.update("update store_user set locked_until = ? where id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), java.util.UUID.fromString(userId));
		assertThat(signIn("locked", password).status()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select failed_sign_ins from store_user where id = ?", Integer.class,
				java.util.UUID.fromString(userId)))
			.isZero();
	}

	@Test
	void concurrentFailedSignInsAreAllCounted() throws Exception {
		String userId = createUser("hammered");
		resetWithOneTimePassword(userId);
		int attempts = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		try {
			List<Future<ApiResponse>> futures = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				String guess = "guess-" + i;
				Callable<ApiResponse> attempt = () -> {
					start.await();
					return signIn("hammered", guess);
				};
				futures.add(pool.submit(attempt));
			}
			start.countDown();
			for (Future<ApiResponse> future : futures) {
				assertError(future.get(), 401, "IIC.4010");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("select failed_sign_ins from store_user where id = ?", Integer.class,
				java.util.UUID.fromString(userId)))
			.isEqualTo(attempts);
	}

	@Test
	void twoConcurrentResetsOfOneUserBothSucceedAndOnlyOnePasswordSignsIn() throws Exception {
		String userId = createUser("raced");
		List<String> passwords = concurrentOneTimePasswordResets(userId, 2);
		String current = currentPasswordHash(userId);
		String last = passwords.stream()
			.filter((password) -> this.hashing.matches(password, current))
			.findFirst()
			.orElseThrow();
		String other = passwords.stream().filter((password) -> !password.equals(last)).findFirst().orElseThrow();
		assertError(signIn("raced", other), 401, "IIC.4010");
		assertThat(signIn("raced", last).status()).isEqualTo(200);
	}

	@Test
	void manyConcurrentResetsOfOneUserAllSucceedEachAuditedAndOnlyOnePasswordSignsIn() throws Exception {
		String userId = createUser("stampeded");
		List<String> passwords = concurrentOneTimePasswordResets(userId, 8);
		String current = currentPasswordHash(userId);
		List<String> working = passwords.stream()
			.filter((password) -> this.hashing.matches(password, current))
			.toList();
		assertThat(working).hasSize(1);
		assertThat(signIn("stampeded", working.get(0)).status()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where event_type = 'PASSWORD_RESET' and outcome = 'SUCCESS' and resource like ?",
				Integer.class, "%/user/" + userId))
			.isEqualTo(8);
	}

	/** Resets of one user, all at once; each must answer 200 with its password. */
	private List<String> concurrentOneTimePasswordResets(String userId, int resets) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(resets);
		try {
			List<Future<ApiResponse>> futures = new ArrayList<>();
			for (int i = 0; i < resets; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"OTP\"}");
				}));
			}
			start.countDown();
			List<String> passwords = new ArrayList<>();
			for (Future<ApiResponse> future : futures) {
				ApiResponse reset = future.get();
				assertThat(reset.status()).as(reset.body()).isEqualTo(200);
				passwords.add(reset.text("password"));
			}
			assertThat(passwords).doesNotHaveDuplicates();
			return passwords;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String currentPasswordHash(String userId) {
		return this.jdbc.queryForObject("select password_hash from store_user where id = ?", String.class,
				java.util.UUID.fromString(userId));
	}

	@Test
	void createWithPasswordModeOtpReturnsAPasswordThatSignsIn() {
		ApiResponse created = this.admin.post(users(),
				"{\"user_name\": \"born-with-otp\", \"password_mode\": \"OTP\"}");
		assertThat(created.status()).isEqualTo(201);
		String password = created.text("password");
		assertThat(password).hasSizeGreaterThanOrEqualTo(16);
		ApiResponse signedIn = signIn("born-with-otp", password);
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.text("user_id")).isEqualTo(created.text("user_id"));
	}

	@Test
	void resetIsAuditedWithoutThePassword() {
		String userId = createUser("audited");
		String password = resetWithOneTimePassword(userId);
		ApiResponse events = this.admin
			.get("/v1/audit-events?type=PASSWORD_RESET&account_id=" + TestCredentials.MANAGEMENT_ACCOUNT_ID);
		assertThat(events.json().get("audit_events").valueStream().map((event) -> event.get("resource").asString()))
			.contains("identitystore/" + this.store + "/user/" + userId);
		assertThat(events.body()).doesNotContain(password);
	}

	@Test
	void resetRefusesUnknownUsersModesAndEmailModeForAUserWithoutAnEmail() {
		assertError(
				this.admin.post(users() + "/" + java.util.UUID.randomUUID() + "/reset-password", "{\"mode\": \"OTP\"}"),
				404, "IIC.404");
		String userId = createUser("modes");
		assertError(this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"SMS\"}"), 400, "IIC.400");
		assertError(this.admin.post(users() + "/" + userId + "/reset-password", "{}"), 400, "IIC.400");
		JsonNode noEmail = assertError(
				this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}"), 400, "IIC.400");
		assertThat(noEmail.get("error_msg").asString()).contains("no primary email address");
		assertThat(this.jdbc.queryForObject("select count(*) from reset_token where user_id = ?", Integer.class,
				java.util.UUID.fromString(userId)))
			.isZero();
	}

	private String createUser(String userName) {
		ApiResponse created = this.admin.post(users(), "{\"user_name\": \"" + userName + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private String resetWithOneTimePassword(String userId) {
		ApiResponse reset = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		return reset.text("password");
	}

	private ApiResponse signIn(String userName, String password) {
		return this.admin.post("/v1/identity-stores/" + this.store + "/authenticate",
				JSON.createObjectNode().put("user_name", userName).put("password", password).toString());
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

}
