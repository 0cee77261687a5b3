package dev.passwordreset.api.oam;

import java.sql.Timestamp;
import java.time.Instant;

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
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.MFA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAM's createOTP and validateOTP: what a code is, what it is bound to, and every way it
 * fails.
 */
@ApiTest
class OneTimePasswordApiTests {

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
	void customChannelAnswersANumericCodeInMinorCodeThatValidatesOnce() {
		OamFixtures.createUser(this.admin, this.store, "carol", null, null);
		ApiResponse created = OamFixtures.createOtp(this.admin, this.store, "carol", "custom", APP, null);
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().propertyNames()).containsExactly("correlationId", "message", "minorCode",
				"resultCode");
		assertThat(created.text("resultCode")).isEqualTo("0");
		assertThat(created.text("minorCode")).matches("[0-9]{6}");
		assertThat(created.text("correlationId")).matches("[0-9a-f]{32}");
		Issued issued = new Issued(created.text("correlationId"), created.text("minorCode"));

		ObjectNode otp = OamFixtures.otp(this.store, "carol", APP, issued);
		assertSuccess(OamFixtures.validateOtp(this.admin, otp));
		assertResult(OamFixtures.validateOtp(this.admin, otp), 422, "3", "OTP_USED");
	}

	@Test
	void codesAreStoredOnlyAsAnHmac() {
		String userId = OamFixtures.createUser(this.admin, this.store, "hashed", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "hashed", APP);
		String stored = this.jdbc.queryForObject("select code_hmac from one_time_code where correlation_id = ?",
				String.class, issued.correlationId());
		assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(issued.code());
		assertThat(this.jdbc
			.queryForList("select * from one_time_code where user_id = ?", java.util.UUID.fromString(userId))
			.toString()).doesNotContain(issued.code());
	}

	@Test
	void wrongGuessesAreCountedAndTheFifthKillsTheCodeEvenForTheRightOne() {
		OamFixtures.createUser(this.admin, this.store, "guessed", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "guessed", APP);
		ObjectNode wrong = OamFixtures.otp(this.store, "guessed", APP, issued).put("otpCode", other(issued.code()));
		for (int i = 0; i < 5; i++) {
			assertResult(OamFixtures.validateOtp(this.admin, wrong), 422, "1", "OTP_INVALID");
		}
		assertResult(OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "guessed", APP, issued)), 422, "4",
				"OTP_ATTEMPTS_EXCEEDED");
		assertThat(this.jdbc.queryForObject("select attempts from one_time_code where correlation_id = ?",
				Integer.class, issued.correlationId()))
			.isEqualTo(5);
	}

	@Test
	void expiredCodeFails() {
		OamFixtures.createUser(this.admin, this.store, "late", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "late", APP);
		this.jdbc.update("update one_time_code set expires_at = ? where correlation_id = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), issued.correlationId());
		assertResult(OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "late", APP, issued)), 422, "2",
				"OTP_EXPIRED");
	}

	@Test
	void codeIsBoundToItsApplicationSessionAndUser() {
		OamFixtures.createUser(this.admin, this.store, "bound", null, null);
		OamFixtures.createUser(this.admin, this.store, "stranger", null, null);
		ApiResponse created = OamFixtures.createOtp(this.admin, this.store, "bound", "custom", APP, "session-1");
		Issued issued = new Issued(created.text("correlationId"), created.text("minorCode"));
		ObjectNode right = OamFixtures.otp(this.store, "bound", APP, issued).put("sessionId", "session-1");

		assertResult(OamFixtures.validateOtp(this.admin, right.deepCopy().put("appName", "other-app")), 422, "1",
				"OTP_INVALID");
		assertResult(OamFixtures.validateOtp(this.admin, right.deepCopy().put("sessionId", "session-2")), 422, "1",
				"OTP_INVALID");
		ObjectNode noSession = right.deepCopy();
		noSession.remove("sessionId");
		assertResult(OamFixtures.validateOtp(this.admin, noSession), 422, "1", "OTP_INVALID");
		assertResult(OamFixtures.validateOtp(this.admin, right.deepCopy().put("userId", "stranger")), 422, "1",
				"OTP_INVALID");
		assertResult(OamFixtures.validateOtp(this.admin, right.deepCopy().put("correlationId", "0".repeat(32))), 422,
				"1", "OTP_INVALID");
		assertSuccess(OamFixtures.validateOtp(this.admin, right));
	}

	@Test
	void aNewCodeForTheSameUserAndApplicationInvalidatesThePreviousOne() {
		OamFixtures.createUser(this.admin, this.store, "renewed", null, null);
		Issued first = OamFixtures.issueCustom(this.admin, this.store, "renewed", APP);
		Issued other = OamFixtures.issueCustom(this.admin, this.store, "renewed", "another-app");
		Issued second = OamFixtures.issueCustom(this.admin, this.store, "renewed", APP);
		assertResult(OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "renewed", APP, first)), 422, "1",
				"OTP_INVALID");
		assertSuccess(OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "renewed", APP, second)));
		assertSuccess(
				OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "renewed", "another-app", other)));
	}

	@Test
	void totpAndSmsWithoutAConfiguredGatewayAreNotSupported() {
		OamFixtures.createUser(this.admin, this.store, "texted", "texted@example.com", null);
		for (String channel : new String[] { "sms", "totp" }) {
			assertResult(OamFixtures.createOtp(this.admin, this.store, "texted", channel, APP, null), 422, "8",
					"CHANNEL_NOT_SUPPORTED");
		}
		assertResult(OamFixtures.createOtp(this.admin, this.store, "texted", "pigeon", APP, null), 400, "10",
				"MALFORMED_REQUEST");
	}

	@Test
	void unknownUsersAndStoresAreNotFound() {
		assertResult(OamFixtures.createOtp(this.admin, this.store, "nobody", "custom", APP, null), 404, "6",
				"USER_NOT_FOUND");
		assertResult(OamFixtures.createOtp(this.admin, new Store("d-0000000000", OamFixtures.uniqueName("gone")),
				"nobody", "custom", APP, null), 404, "7", "IDENTITY_STORE_NOT_FOUND");
	}

	@Test
	void emailGoesOnlyToAnAddressOnFileAndAnUndeliverableCodeIsAFailedDependency() {
		OamFixtures.createUser(this.admin, this.store, "mailed", "mailed@example.com", null);
		OamFixtures.createUser(this.admin, this.store, "unmailed", null, null);
		ObjectNode body = OamFixtures.JSON.createObjectNode()
			.put("appName", APP)
			.put("deliveryChannel", "email")
			.put("userId", "mailed")
			.put("idStore", this.store.name());
		assertResult(
				this.admin.post(MFA + "/createOTP", body.deepCopy().put("email", "attacker@example.com").toString()),
				424, "13", "DELIVERY_NOT_POSSIBLE");
		assertThat(this.jdbc.queryForObject("select count(*) from mail_outbox where recipient = ?", Integer.class,
				"attacker@example.com"))
			.isZero();
		assertResult(OamFixtures.createOtp(this.admin, this.store, "unmailed", "email", APP, null), 424, "13",
				"DELIVERY_NOT_POSSIBLE");

		ApiResponse sent = this.admin.post(MFA + "/createOTP",
				body.deepCopy().put("email", "MAILED@example.com").toString());
		assertSuccess(sent);
		assertThat(sent.text("correlationId")).isNotBlank();
		assertThat(this.jdbc.queryForObject("select count(*) from mail_outbox where recipient = ?", Integer.class,
				"mailed@example.com"))
			.isEqualTo(1);
	}

	@Test
	void issuingIsLimitedToFiveCodesPerUser() {
		OamFixtures.createUser(this.admin, this.store, "flooded", null, null);
		for (int i = 0; i < 5; i++) {
			OamFixtures.issueCustom(this.admin, this.store, "flooded", APP + i);
		}
		ApiResponse refused = OamFixtures.createOtp(this.admin, this.store, "flooded", "custom", APP, null);
		assertResult(refused, 429, "9", "RATE_LIMITED");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
		// Another user is not affected.
		OamFixtures.createUser(this.admin, this.store, "calm", null, null);
		OamFixtures.issueCustom(this.admin, this.store, "calm", APP);
	}

	@Test
	void issuingAndValidatingAreAuditedWithoutTheCode() {
		OamFixtures.createUser(this.admin, this.store, "audited", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "audited", APP);
		OamFixtures.validateOtp(this.admin, OamFixtures.otp(this.store, "audited", APP, issued));
		String events = this.jdbc.queryForList(
				"select event_type, outcome, reason from audit_event where event_type in (?, ?) and resource like ?",
				"ONE_TIME_CODE_ISSUED", "ONE_TIME_CODE_VALIDATED", "identitystore/" + this.store.id() + "/%")
			.toString();
		assertThat(events).contains("ONE_TIME_CODE_ISSUED", "ONE_TIME_CODE_VALIDATED").doesNotContain(issued.code());
	}

	/** A code of the same length that is surely not this one. */
	static String other(String code) {
		return code.substring(0, code.length() - 1) + ((code.charAt(code.length() - 1) == '0') ? '1' : '0');
	}

}
