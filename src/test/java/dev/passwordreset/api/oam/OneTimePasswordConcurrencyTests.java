package dev.passwordreset.api.oam;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.passwordreset.AllAtOnce;
import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.oam.OamFixtures.Issued;
import dev.passwordreset.api.oam.OamFixtures.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamFixtures.GOOD_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent uses of one code, over HTTP, on H2 and on PostgreSQL: every wrong guess
 * counts exactly once, and one code buys exactly one reset.
 */
@ApiTest
class OneTimePasswordConcurrencyTests {

	private static final String APP = "portal";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	Store store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
	}

	@Test
	void twentyConcurrentWrongGuessesAreEachCountedAndKillTheCode() throws Exception {
		OamFixtures.createUser(this.admin, this.store, "stormed", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "stormed", APP);
		ObjectNode wrong = OamFixtures.otp(this.store, "stormed", APP, issued)
			.put("otpCode", OneTimePasswordApiTests.other(issued.code()));

		List<ApiResponse> answers = concurrently(20, () -> OamFixtures.validateOtp(this.admin, wrong));
		for (ApiResponse answer : answers) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(422);
			assertThat(answer.text("resultCode")).isIn("1", "4");
		}
		assertThat(this.jdbc.queryForObject("select attempts from one_time_code where correlation_id = ?",
				Integer.class, issued.correlationId()))
			.isEqualTo(20);
		assertResult(OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "stormed", APP, issued)), 422, "4",
				"OTP_ATTEMPTS_EXCEEDED");
	}

	@Test
	void twoConcurrentResetsWithOneCodeGiveExactlyOneSuccess() throws Exception {
		OamFixtures.createUser(this.admin, this.store, "raced", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "raced", APP);
		ObjectNode otp = OamFixtures.otp(this.store, "raced", APP, issued);
		String[] passwords = { GOOD_PASSWORD, "Velvet-Harbor-Compass-73" };
		List<Callable<ApiResponse>> resets = new ArrayList<>();
		for (String password : passwords) {
			resets.add(() -> OamFixtures.resetWithOtp(this.admin, "/raced/" + this.store.name(), otp, password, null));
		}

		List<ApiResponse> answers = AllAtOnce.run(resets);
		assertThat(answers).filteredOn((answer) -> answer.status() == 200).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.status() == 422)
			.singleElement()
			.satisfies((answer) -> assertThat(answer.text("resultCode")).isEqualTo("3"));
		long working = java.util.Arrays.stream(passwords)
			.filter((password) -> OamFixtures.signIn(this.admin, this.store, "raced", password) == 200)
			.count();
		assertThat(working).isEqualTo(1);
	}

	private static List<ApiResponse> concurrently(int copies, Callable<ApiResponse> call) throws Exception {
		List<Callable<ApiResponse>> calls = new ArrayList<>();
		for (int i = 0; i < copies; i++) {
			calls.add(call);
		}
		return AllAtOnce.run(calls);
	}

}
