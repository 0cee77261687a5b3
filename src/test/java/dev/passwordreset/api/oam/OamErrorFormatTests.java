package dev.passwordreset.api.oam;

import java.time.Instant;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.oam.OamFixtures.Store;
import dev.passwordreset.security.SdkRequestSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamFixtures.MFA;
import static dev.passwordreset.api.oam.OamFixtures.PSWD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call the OAM face, and that every refusal, from a filter, a controller or the
 * container, is a clear 4xx in OAM's shape.
 */
@ApiTest
class OamErrorFormatTests {

	@LocalServerPort
	int port;

	HttpApi admin;

	Store store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
	}

	@Test
	void callsWithoutCredentialsAreUnauthenticatedWithAChallenge() {
		ApiResponse missing = HttpApi.on(this.port).post(MFA + "/createOTP", "{}");
		assertResult(missing, 401, "11", "UNAUTHENTICATED");
		assertThat(missing.headers().allValues("WWW-Authenticate")).contains("Basic realm=\"oam\"");

		ApiResponse wrongSecret = HttpApi.on(this.port)
			.as(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
					"WrongSecretForTheManagementAccount01234"))
			.get(PSWD + "/UserPasswordPolicyRetriever");
		assertResult(wrongSecret, 401, "11", "UNAUTHENTICATED");
		assertThat(wrongSecret.body()).doesNotContain("WrongSecret");

		assertResult(HttpApi.on(this.port)
			.header("Authorization", "Bearer not-a-token")
			.get(PSWD + "/UserPasswordPolicyRetriever"), 401, "11", "UNAUTHENTICATED");
		assertResult(
				HttpApi.on(this.port).header("Authorization", "Basic !!!").get(PSWD + "/UserPasswordPolicyRetriever"),
				401, "11", "UNAUTHENTICATED");
	}

	@Test
	void bearerTokensWork() {
		String token = this.admin.post("/v1/auth/tokens", "{\"duration_seconds\": 900}").text("access_token");
		ApiResponse policy = HttpApi.on(this.port)
			.header("Authorization", "Bearer " + token)
			.get(PSWD + "/UserPasswordPolicyRetriever");
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
	}

	@Test
	void sdkSignedRequestsWork() {
		OamFixtures.createUser(this.admin, this.store, "signed", null, null);
		String body = "{\"appName\": \"app\", \"deliveryChannel\": \"custom\", \"userId\": \"signed\", \"idStore\": \""
				+ this.store.name() + "\"}";
		HttpApi signed = SdkRequestSigner.signed(HttpApi.on(this.port), this.port, "POST", MFA + "/createOTP", body,
				TestCredentials.MANAGEMENT.accessKeyId(), TestCredentials.MANAGEMENT.secret(), null, Instant.now());
		ApiResponse created = signed.post(MFA + "/createOTP", body);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(created.text("resultCode")).isEqualTo("0");
		ApiResponse tampered = signed.post(MFA + "/createOTP", body.replace("signed", "other"));
		assertResult(tampered, 401, "11", "UNAUTHENTICATED");
	}

	@Test
	void membersWhoAreNotAdministratorsAreDenied() {
		String account = this.admin
			.post("/v1/organization/accounts", "{\"name\": \"" + OamFixtures.uniqueName("member") + "\"}")
			.text("account_id");
		ApiResponse key = this.admin.post("/v1/accounts/" + account + "/access-keys");
		TestCredentials member = new TestCredentials(key.json().get("credential").get("access").asString(),
				key.json().get("credential").get("secret").asString());
		assertResult(HttpApi.on(this.port).as(member).get(PSWD + "/UserPasswordPolicyRetriever"), 403, "12",
				"ACCESS_DENIED");
		assertResult(HttpApi.on(this.port).as(member).post(MFA + "/createOTP", "{}"), 403, "12", "ACCESS_DENIED");

		// A delegated administrator may.
		this.admin.post("/v1/organization/delegated-administrators/" + account);
		ApiResponse delegated = HttpApi.on(this.port).as(member).get(PSWD + "/UserPasswordPolicyRetriever");
		assertThat(delegated.status()).as(delegated.body()).isEqualTo(200);
	}

	@Test
	void unknownRoutesAndWrongMethodsAnswerInOamsShape() {
		assertResult(this.admin.get("/oam/services/rest/no/such/thing"), 404, "15", "NOT_FOUND");
		ApiResponse wrongMethod = this.admin.get(MFA + "/createOTP");
		assertResult(wrongMethod, 405, "18", "METHOD_NOT_ALLOWED");
		assertThat(wrongMethod.header("Allow")).contains("POST");
		assertResult(this.admin.send("POST", MFA + "/createOTP", "text/plain", "hello"), 415, "10",
				"MALFORMED_REQUEST");
	}

	@Test
	void malformedBodiesAreRefusedWithA400() {
		OamFixtures.createUser(this.admin, this.store, "body", null, null);
		String[] bodies = { "", "{", "[]", "null", "\"text\"",
				"{\"appName\": 5, \"deliveryChannel\": \"custom\", \"userId\": \"body\"}",
				"{\"appName\": \"app\", \"deliveryChannel\": [\"custom\"], \"userId\": \"body\"}",
				"{\"appName\": \"app\", \"deliveryChannel\": \"custom\"}",
				"{\"appName\": \"app\", \"deliveryChannel\": \"custom\", \"userId\": \"bo\\u0000dy\"}",
				"{\"appName\": \"" + "a".repeat(129) + "\", \"deliveryChannel\": \"custom\", \"userId\": \"body\"}",
				"{\"appName\": \"app\", \"appName\": \"app\", \"deliveryChannel\": \"custom\", \"userId\": \"body\"}",
				"{\"appName\": \"app\", \"deliveryChannel\": \"custom\", \"userId\": \"body\"} trailing" };
		for (String body : bodies) {
			JsonBodyCheck.assertMalformed(this.admin.post(MFA + "/createOTP", body), body);
		}
		JsonBodyCheck.assertMalformed(this.admin.post(PSWD + "/PasswordResetRequestsWithOTP/body/" + this.store.name(),
				"{\"password\": \"Quartz-Meadow-Lantern-42\"}"), "no otp");
		JsonBodyCheck.assertMalformed(this.admin.post(PSWD + "/PasswordResetRequestsWithOTP/body/" + this.store.name(),
				"{\"otp\": \"123456\", \"password\": \"x\"}"), "otp as text");
		JsonBodyCheck.assertMalformed(
				this.admin.post(PSWD + "/PasswordValidateRequests",
						"{\"password\": \"p\", \"username\": {\"username\": \"body\", \"tenantname\": \"other\"}}"),
				"tenant");
		JsonBodyCheck.assertMalformed(this.admin.post(PSWD + "/PasswordValidateRequests",
				"{\"password\": \"p\", \"username\": {\"username\": \"body\", \"dn\": \"not a dn\"}}"), "dn");
	}

	@Test
	void anOversizedBodyIsRefusedWithA413() {
		String huge = "{\"appName\": \"" + "a".repeat(70_000) + "\"}";
		ApiResponse response = this.admin.post(MFA + "/createOTP", huge);
		assertResult(response, 413, "19", "REQUEST_TOO_LARGE");
	}

	@Test
	void errorsNeverEchoTheSecretsOfTheRequest() {
		OamFixtures.createUser(this.admin, this.store, "quiet", null, null);
		String secret = "Secret-Password-That-Must-Not-Echo-77";
		dev.passwordreset.TestSecrets.remember(secret);
		ApiResponse refused = this.admin.post(PSWD + "/PasswordResetRequests/quiet/" + this.store.name(),
				"{\"originalpassword\": \"" + secret + "\", \"newpassword\": \"" + secret + "x\"}");
		assertResult(refused, 422, "14", "ORIGINAL_PASSWORD_INCORRECT");
		assertThat(refused.body()).doesNotContain(secret);
	}

	/** The checks every malformed request shares. */
	static final class JsonBodyCheck {

		private JsonBodyCheck() {
		}

		static void assertMalformed(ApiResponse response, String what) {
			assertThat(response.status()).as("%s: %s", what, response.body()).isEqualTo(400);
			assertResult(response, 400, "10", "MALFORMED_REQUEST");
		}

	}

}
