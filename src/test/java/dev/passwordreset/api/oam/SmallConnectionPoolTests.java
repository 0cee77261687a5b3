package dev.passwordreset.api.oam;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import dev.passwordreset.AllAtOnce;
import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resets in bursts against an instance with a pool of two connections that waits at most
 * two seconds for one: a request that holds one connection and waits for a second one
 * would starve the pool. Every answer is a success or a 503 in the face's own format,
 * never a 500, and the audit holds exactly one success per success answered. The users,
 * codes and checks go through the suite's shared instance on the same database.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallConnectionPoolTests {

	private static final int BURST = 16;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ConfigurableApplicationContext small;

	HttpApi admin;

	HttpApi smallPool;

	@BeforeAll
	void startAnInstanceWithTwoConnections() {
		this.small = new SpringApplicationBuilder(PasswordResetApplication.class).run("--server.port=0",
				"--spring.datasource.hikari.maximum-pool-size=2", "--spring.datasource.hikari.minimum-idle=2",
				"--spring.datasource.hikari.connection-timeout=2000",
				"--reset.trusted-proxies=" + ApiTest.TRUSTED_PROXY);
		int smallPort = Integer.parseInt(this.small.getEnvironment().getProperty("local.server.port"));
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.smallPool = HttpApi.on(smallPort).as(TestCredentials.MANAGEMENT);
	}

	@AfterAll
	void stopIt() {
		this.small.close();
	}

	@Test
	void oneTimePasswordResetsAnswerSuccessOrServiceUnavailableAndEachSuccessIsAudited() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		List<String> users = users(store, false);
		List<ApiResponse> answers = burst((i) -> () -> this.smallPool.post(
				"/v1/identity-stores/" + store.id() + "/users/" + users.get(i) + "/reset-password",
				"{\"mode\": \"OTP\"}"));
		assertIdentityCenterAnswers(answers);
		assertThat(successes(store, "PASSWORD_RESET")).isEqualTo(answers.stream().filter(this::ok).count());
	}

	@Test
	void emailLinkResetsAnswerSuccessOrServiceUnavailableAndEachSuccessIsAudited() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		List<String> users = users(store, true);
		List<ApiResponse> answers = burst((i) -> () -> this.smallPool.post(
				"/v1/identity-stores/" + store.id() + "/users/" + users.get(i) + "/reset-password",
				"{\"mode\": \"EMAIL\"}"));
		assertIdentityCenterAnswers(answers);
		long ok = answers.stream().filter(this::ok).count();
		assertThat(successes(store, "PASSWORD_RESET")).isEqualTo(ok);
		assertThat(this.jdbc
			.queryForObject("select count(*) from reset_token where identity_store_id = ? and consumed_at is null "
					+ "and invalidated_at is null", Long.class, store.id()))
			.isEqualTo(ok);
	}

	@Test
	void oamResetsWithACodeAnswerSuccessOrServiceUnavailableAndEachSuccessIsAudited() throws Exception {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		List<String> names = new ArrayList<>();
		List<OamFixtures.Issued> codes = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			String name = "pooled-" + i;
			OamFixtures.createUser(this.admin, store, name, null, null);
			names.add(name);
			codes.add(OamFixtures.issueCustom(this.admin, store, name, "pool-app"));
		}
		List<ApiResponse> answers = burst((i) -> () -> OamFixtures.resetWithOtp(this.smallPool,
				"/" + names.get(i) + "/" + store.name(), OamFixtures.otp(store, names.get(i), "pool-app", codes.get(i)),
				OamFixtures.GOOD_PASSWORD, null));
		for (ApiResponse answer : answers) {
			assertThat(answer.status()).as(answer.body()).isIn(200, 503);
			assertThat(answer.json().propertyNames()).contains("message", "minorCode", "resultCode");
			if (answer.status() == 503) {
				assertThat(answer.header("Retry-After")).isNotBlank();
			}
		}
		assertThat(successes(store, "PASSWORD_RESET_WITH_CODE")).isEqualTo(answers.stream().filter(this::ok).count());
	}

	private List<String> users(OamFixtures.Store store, boolean withEmail) {
		List<String> users = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			users.add(OamFixtures.createUser(this.admin, store, "pooled-" + i,
					withEmail ? "pooled-" + i + "-" + store.name() + "@example.com" : null, null));
		}
		return users;
	}

	private static List<ApiResponse> burst(IntFunction<Callable<ApiResponse>> request) throws Exception {
		List<Callable<ApiResponse>> calls = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			calls.add(request.apply(i));
		}
		List<ApiResponse> answers = AllAtOnce.run(calls);
		assertThat(answers).as("at least one request gets through").anyMatch((answer) -> answer.status() == 200);
		return answers;
	}

	private static void assertIdentityCenterAnswers(List<ApiResponse> answers) {
		for (ApiResponse answer : answers) {
			assertThat(answer.status()).as(answer.body()).isIn(200, 503);
			if (answer.status() == 503) {
				assertThat(answer.json().propertyNames()).contains("error_code", "error_msg", "request_id");
				assertThat(answer.text("error_code")).isEqualTo("IIC.503");
				assertThat(answer.header("Retry-After")).isNotBlank();
			}
		}
	}

	private boolean ok(ApiResponse answer) {
		return answer.status() == 200;
	}

	private long successes(OamFixtures.Store store, String type) {
		return this.jdbc.queryForObject(
				"select count(*) from audit_event where event_type = ? and outcome = 'SUCCESS' and resource like ?",
				Long.class, type, "identitystore/" + store.id() + "/user/%");
	}

}
