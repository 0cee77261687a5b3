package dev.passwordreset.api.identitycenter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.security.SdkRequestSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one database, as in production behind a load balancer:
 * what one instance changes about a caller counts on the other at the very next request,
 * a reset link is used once whichever instance sees it, and limits count the requests
 * both instances take.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondInstanceTests {

	private static final Pattern TOKEN = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]{43})");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ConfigurableApplicationContext second;

	int otherPort;

	@BeforeAll
	void startTheSecondInstance() {
		this.second = new SpringApplicationBuilder(PasswordResetApplication.class).run("--server.port=0");
		this.otherPort = Integer.parseInt(this.second.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	void stopTheSecondInstance() {
		this.second.close();
	}

	@Test
	void concurrentConfirmationsOfOneTokenSplitOverBothInstancesHaveExactlyOneWinner() throws Exception {
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		String store = IdentityCenterFixtures.createStore(admin);
		String email = "halves-" + UUID.randomUUID() + "@example.com";
		String userId = admin
			.post("/v1/identity-stores/" + store + "/users",
					"{\"user_name\": \"halves\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}")
			.text("user_id");
		assertThat(admin
			.post("/v1/identity-stores/" + store + "/users/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}")
			.status()).isEqualTo(200);
		Matcher link = TOKEN.matcher(
				this.jdbc.queryForObject("select text_body from mail_outbox where recipient = ?", String.class, email));
		assertThat(link.find()).isTrue();
		String token = link.group(1);
		TestSecrets.remember(token);

		// Fewer than the single-instance test's 50: each attempt hashes its password
		// first, which is CPU.
		int attempts = 20;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		List<Integer> statuses = new ArrayList<>();
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				HttpApi instance = HttpApi.on((i % 2 == 0) ? this.port : this.otherPort);
				String password = "Split-Decision-" + UUID.randomUUID();
				TestSecrets.remember(password);
				Callable<Integer> attempt = () -> {
					start.await();
					return instance
						.post("/v1/password-resets/confirm",
								"{\"token\": \"" + token + "\", \"new_password\": \"" + password + "\"}")
						.status();
				};
				futures.add(pool.submit(attempt));
			}
			start.countDown();
			for (Future<Integer> future : futures) {
				statuses.add(future.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(statuses).as("answers").filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 400).hasSize(attempts - 1);
	}

	@Test
	void theSelfServiceAddressLimitCountsTheRequestsOfBothInstances() {
		String address = HttpApi.randomLoopbackAddress();
		HttpApi first = HttpApi.on(this.port).from(address);
		HttpApi other = HttpApi.on(this.otherPort).from(address);
		String body = "{\"identity_store_id\": \"d-0000000000\", \"user_name\": \"nobody\"}";
		for (int i = 0; i < 20; i++) {
			assertThat(((i % 2 == 0) ? first : other).postFromAddress("/v1/password-resets", body).status())
				.as("request %d", i + 1)
				.isEqualTo(202);
		}
		assertError(first.postFromAddress("/v1/password-resets", body), 429, "APIGW.0308");
		assertError(other.postFromAddress("/v1/password-resets", body), 429, "APIGW.0308");
	}

	@Test
	void delegationAndKeyChangesOnOneInstanceCountOnTheOtherAtOnce() {
		HttpApi first = HttpApi.on(this.port);
		int otherPort = this.otherPort;
		HttpApi other = HttpApi.on(otherPort);
		HttpApi admin = first.as(TestCredentials.MANAGEMENT);
		String accountId = IdentityCenterFixtures.createAccount(admin);
		TestCredentials key = IdentityCenterFixtures.createAccessKey(admin, accountId);

		assertError(other.as(key).get("/v1/instances"), 403, "IIC.1000");
		admin.post("/v1/organization/delegated-administrators/" + accountId);
		assertThat(other.as(key).get("/v1/instances").status()).isEqualTo(200);

		String bearer = first.as(key).post("/v1/auth/tokens").json().get("access_token").asString();
		JsonNode temporary = first.as(key).post("/v3.0/OS-CREDENTIAL/securitytokens").json().get("credential");
		JsonNode temporaryBearer = first.as(key).post("/v1/auth/tokens", "{\"temporary\": true}").json();
		HttpApi temporaryBearerOnTheOther = other
			.header("Authorization", "Bearer " + temporaryBearer.get("access_token").asString())
			.header("X-Security-Token", temporaryBearer.get("security_token").asString());
		assertThat(other.header("Authorization", "Bearer " + bearer).get("/v1/instances").status()).isEqualTo(200);
		assertThat(temporaryBearerOnTheOther.get("/v1/instances").status()).isEqualTo(200);
		assertThat(signed(other, otherPort, temporary).get("/v1/instances").status()).isEqualTo(200);

		other.as(TestCredentials.MANAGEMENT).delete("/v1/organization/delegated-administrators/" + accountId);
		assertError(first.as(key).get("/v1/instances"), 403, "IIC.1000");
		assertError(first.header("Authorization", "Bearer " + bearer).get("/v1/instances"), 403, "IIC.1000");

		admin.delete("/v1/accounts/" + accountId + "/access-keys/" + key.accessKeyId());
		assertError(other.as(key).get("/v1/instances"), 401, "APIGW.0301");
		assertError(other.header("Authorization", "Bearer " + bearer).get("/v1/instances"), 401, "APIGW.0301");
		assertError(signed(other, otherPort, temporary).get("/v1/instances"), 401, "IIC.4013");
		assertError(temporaryBearerOnTheOther.get("/v1/instances"), 401, "APIGW.0301");
	}

	private static HttpApi signed(HttpApi api, int port, JsonNode temporary) {
		return SdkRequestSigner.signed(api, port, "GET", "/v1/instances", null, temporary.get("access").asString(),
				temporary.get("secret").asString(), temporary.get("securitytoken").asString(), Instant.now());
	}

}
