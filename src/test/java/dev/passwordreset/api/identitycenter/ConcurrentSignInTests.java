package dev.passwordreset.api.identitycenter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.reset.ResetProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in check under a burst, as the attack sent it: many guesses at once, and the
 * right password among them. Every password comparison is audited as a wrong password or
 * a sign-in; an attempt refused for the lock is audited as such without a comparison.
 */
@ApiTest
class ConcurrentSignInTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Twice the lockout's 10 failures. Every attempt takes a turn of the hashing bound
	 * (one per core) and a verification, a locked user's against the decoy: a bigger
	 * burst only queues longer for its turns.
	 */
	private static final int BURST = 20;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ResetProperties properties;

	HttpApi admin;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void aBurstOfGuessesGetsNoMoreComparisonsThanTheLockoutAllowsAndTheRightPasswordLastIsRefused() throws Exception {
		int maxFailures = this.properties.lockout().maxFailures();
		String userId = this.admin.post(users(), "{\"user_name\": \"burst\"}").text("user_id");
		String password = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"OTP\"}")
			.text("password");

		CyclicBarrier start = new CyclicBarrier(BURST);
		// The right password goes last: once max-failures guesses have been answered,
		// whatever was compared, the lock must already stand.
		CountDownLatch enoughGuessesAnswered = new CountDownLatch(maxFailures);
		ExecutorService pool = Executors.newFixedThreadPool(BURST);
		List<Future<ApiResponse>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < BURST - 1; i++) {
				String guess = "guess-" + i + "-" + password;
				answers.add(pool.submit(() -> {
					start.await();
					ApiResponse answer = signIn("burst", guess);
					enoughGuessesAnswered.countDown();
					return answer;
				}));
			}
			answers.add(pool.submit(() -> {
				start.await();
				enoughGuessesAnswered.await();
				return signIn("burst", password);
			}));
			for (Future<ApiResponse> answer : answers) {
				assertError(answer.get(), 401, "IIC.4010");
			}
		}
		finally {
			pool.shutdownNow();
		}

		Map<String, Long> signIns = signInAuditReasons(userId);
		assertThat(signIns.get("refused: wrong password"))
			.as("passwords compared (audited per comparison): %s", signIns)
			.isEqualTo(maxFailures);
		assertThat(signIns.get("refused: the user is locked out")).as("refused without a comparison")
			.isEqualTo(BURST - maxFailures);
		assertThat(signIns.keySet()).as("no attempt signed in")
			.containsOnly("refused: wrong password", "refused: the user is locked out");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where event_type = 'USER_LOCKED_OUT' and resource = ?", Long.class,
				resource(userId)))
			.as("the lockout is audited once")
			.isOne();
		assertThat(this.jdbc.queryForObject("select failed_sign_ins from store_user where id = ?", Integer.class,
				UUID.fromString(userId)))
			.isEqualTo(maxFailures);

		assertError(signIn("burst", password), 401, "IIC.4010");
		assertThat(signInAuditReasons(userId).get("refused: the user is locked out"))
			.as("the right password during the lock is refused without a comparison")
			.isEqualTo(BURST - maxFailures + 1);

		// The lock ends (moved into the past, as the service's clock is the system's
		// here).
		this.jdbc.update("update store_user set locked_until = ? where id = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(userId));
		assertThat(signIn("burst", password).status()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select failed_sign_ins from store_user where id = ?", Integer.class,
				UUID.fromString(userId)))
			.isZero();
	}

	private Map<String, Long> signInAuditReasons(String userId) {
		return this.jdbc
			.queryForList("select reason from audit_event where event_type = 'USER_SIGN_IN' and resource = ?",
					String.class, resource(userId))
			.stream()
			.collect(Collectors.groupingBy((reason) -> reason, Collectors.counting()));
	}

	private String resource(String userId) {
		return "identitystore/" + this.store + "/user/" + userId;
	}

	private ApiResponse signIn(String userName, String password) {
		return this.admin.post("/v1/identity-stores/" + this.store + "/authenticate",
				JSON.createObjectNode().put("user_name", userName).put("password", password).toString());
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

}
