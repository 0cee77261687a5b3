package dev.passwordreset.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.identitycenter.IdentityCenterFixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An anonymous attacker guessing credentials: past the limits its failures are refused
 * with 429, and the audit gets a bounded number of rows however long it keeps going,
 * while a right key, which the attacker cannot guess, keeps working from the same
 * address. Each test is a client address (and a key) of its own, so the shared context's
 * other tests are not throttled by it.
 */
@ApiTest
class AuthenticationThrottleTests {

	private static final int OVER_THE_LIMIT = 15;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuthenticationThrottleProperties properties;

	@Autowired
	MeterRegistry meters;

	@Test
	void aBurstOfWrongSecretsFromOneAddressIsThrottledWhileARightKeyFromItStillWorks() throws Exception {
		int limit = this.properties.perAddress().maxFailures();
		String address = HttpApi.randomLoopbackAddress();
		HttpApi attacker = HttpApi.on(this.port).from(address);
		double rejectionsBefore = rejections("authentication_failures_per_address");

		// Each guess claims a key id of its own, so that only the address limit applies.
		List<ApiResponse> answers = atOnce(limit + OVER_THE_LIMIT,
				() -> attacker.header("Authorization", basic(randomKeyId(), randomSecret()))
					.sendRaw("GET /v1/instances HTTP/1.1"));
		assertThat(answers).filteredOn((answer) -> answer.status() == 401)
			.as("failures allowed before the throttle, however the requests raced")
			.hasSize(limit);
		assertThat(answers).filteredOn((answer) -> answer.status() == 429)
			.hasSize(OVER_THE_LIMIT)
			.allSatisfy((answer) -> {
				assertThat(answer.text("error_code")).isEqualTo("APIGW.0308");
				// Up to the window, rounded up, plus the wait of a request that read the
				// clock before a concurrent one counted its failure.
				assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L,
						this.properties.perAddress().window().toSeconds() + 5);
			});

		HttpApi rightKey = attacker.as(TestCredentials.MANAGEMENT);
		assertThat(rightKey.sendRaw("GET /v1/instances HTTP/1.1").status()).as("a right key from a throttled address")
			.isEqualTo(200);
		assertThat(rightKey.sendRaw("GET /actuator/prometheus HTTP/1.1").status()).isEqualTo(200);

		HttpApi wrongKey = attacker.header("Authorization", basic(randomKeyId(), randomSecret()));
		ApiResponse oam = wrongKey.sendRaw("GET /oam/services/rest/11.1.2.0.0/passwordmanagement/userdetails HTTP/1.1");
		assertThat(oam.status()).as("a wrong key on another face, still throttled").isEqualTo(429);
		assertThat(oam.text("resultCode")).isEqualTo("9");
		assertThat(oam.text("minorCode")).isEqualTo("RATE_LIMITED");
		assertThat(oam.header("Retry-After")).isNotBlank();
		ApiResponse metrics = wrongKey.sendRaw("GET /actuator/prometheus HTTP/1.1");
		assertThat(metrics.status()).isEqualTo(429);
		assertThat(metrics.header("Retry-After")).isNotBlank();

		int requests = limit + OVER_THE_LIMIT + 2;
		assertThat(auditReasonsFrom(address)).as("audit rows for %d refused requests", requests)
			.hasSize(limit + 1)
			.filteredOn((reason) -> reason.startsWith("THROTTLED: over authentication_failures_per_address"))
			.hasSize(1);
		assertThat(rejections("authentication_failures_per_address") - rejectionsBefore)
			.as("every throttled request is counted")
			.isGreaterThanOrEqualTo(OVER_THE_LIMIT + 2);
	}

	@Test
	void wrongSecretsForOneKeyFromManyAddressesThrottleThatKey() {
		int limit = this.properties.perAccessKey().maxFailures();
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		String memberAccount = IdentityCenterFixtures.createAccount(admin);
		TestCredentials member = IdentityCenterFixtures.createAccessKey(admin, memberAccount);
		TestCredentials guessed = new TestCredentials(member.accessKeyId(), randomSecret());
		for (int i = 0; i < limit; i++) {
			assertThat(fromNewAddress(guessed).status()).as("guess %d", i + 1).isEqualTo(401);
		}
		ApiResponse throttled = fromNewAddress(guessed);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.text("error_code")).isEqualTo("APIGW.0308");
		assertThat(HttpApi.on(this.port)
			.from(HttpApi.randomLoopbackAddress())
			.as(member)
			.sendRaw("GET /v1/accounts/" + memberAccount + "/access-keys HTTP/1.1")
			.status()).as("the right secret, while its key is throttled").isEqualTo(200);
		assertThat(fromNewAddress(guessed).status()).as("a wrong one after it").isEqualTo(429);
		assertThat(fromNewAddress(TestCredentials.MANAGEMENT).status()).as("another key").isEqualTo(200);

		List<String> audited = this.jdbc.queryForList(
				"select reason from audit_event where event_type = 'AUTHENTICATION_FAILED' and access_key_id = ?",
				String.class, member.accessKeyId());
		assertThat(audited).hasSize(limit + 1)
			.filteredOn((reason) -> reason.startsWith("THROTTLED: over authentication_failures_per_access_key"))
			.hasSize(1);
	}

	@Test
	void requestsWithoutCredentialsAreThrottledAndAuditedBoundedlyToo() {
		int limit = this.properties.perAddress().maxFailures();
		String address = HttpApi.randomLoopbackAddress();
		HttpApi anonymous = HttpApi.on(this.port).from(address);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < limit + OVER_THE_LIMIT; i++) {
			statuses.add(anonymous.sendRaw("GET /v1/instances HTTP/1.1").status());
		}
		assertThat(statuses.subList(0, limit)).containsOnly(401);
		assertThat(statuses.subList(limit, statuses.size())).containsOnly(429);
		assertThat(auditReasonsFrom(address)).hasSize(limit + 1);
	}

	@Test
	void refusedMethodsOnOpenRoutesFromOneAddressAreRecordedBoundedly() {
		int limit = this.properties.perAddress().maxFailures();
		String address = HttpApi.randomLoopbackAddress();
		HttpApi anonymous = HttpApi.on(this.port).from(address);
		for (int i = 0; i < limit + OVER_THE_LIMIT; i++) {
			assertThat(anonymous.sendRaw("FOO /v1/password-resets HTTP/1.1").status()).isEqualTo(405);
		}
		List<String> audited = this.jdbc.queryForList(
				"select reason from audit_event where event_type = 'ACCESS_DENIED' and client_address = ?",
				String.class, address);
		assertThat(audited).as("audit rows for %d refused requests", limit + OVER_THE_LIMIT)
			.hasSize(limit + 1)
			.filteredOn((reason) -> reason.endsWith("the rest of this window is counted, not recorded"))
			.hasSize(1);
	}

	private ApiResponse fromNewAddress(TestCredentials credentials) {
		return HttpApi.on(this.port)
			.from(HttpApi.randomLoopbackAddress())
			.as(credentials)
			.sendRaw("GET /v1/instances HTTP/1.1");
	}

	private List<String> auditReasonsFrom(String address) {
		return this.jdbc.queryForList(
				"select reason from audit_event where event_type = 'AUTHENTICATION_FAILED' and client_address = ?",
				String.class, address);
	}

	private double rejections(String limit) {
		Counter counter = this.meters.find("rate.limit.rejections").tag("limit", limit).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static List<ApiResponse> atOnce(int count, java.util.concurrent.Callable<ApiResponse> request)
			throws Exception {
		CyclicBarrier start = new CyclicBarrier(count);
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<ApiResponse>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return request.call();
				}));
			}
			List<ApiResponse> answers = new ArrayList<>();
			for (Future<ApiResponse> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String basic(String accessKeyId, String secret) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((accessKeyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	private static String randomKeyId() {
		return "AKGUESS" + HexFormat.of().withUpperCase().formatHex(randomBytes(7)).substring(0, 13);
	}

	private static String randomSecret() {
		return HexFormat.of().formatHex(randomBytes(20));
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
