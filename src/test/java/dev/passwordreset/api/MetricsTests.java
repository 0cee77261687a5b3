package dev.passwordreset.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.identitycenter.IdentityCenterFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} as a scraper reads it: who may read it, and that the named
 * series move by exactly what the requests did, with no label that names a user or a
 * client.
 */
@ApiTest
class MetricsTests {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final String MFA = "/oam/services/rest/auth/api/v1/mfa";

	private static final String PSWD = "/oam/services/rest/access/api/v1/pswdmanagement";

	@LocalServerPort
	int port;

	@Test
	void onTheServicePortOnlyTheManagementAccountReadsTheMetrics() {
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		ApiResponse anonymous = HttpApi.on(this.port).get("/actuator/prometheus");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
		TestCredentials member = memberKey(admin);
		assertThat(HttpApi.on(this.port).as(member).get("/actuator/prometheus").status()).isEqualTo(403);
		ApiResponse scraped = admin.get("/actuator/prometheus");
		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.header("Content-Type")).startsWith("text/plain");
		assertThat(scraped.body()).contains("mail_outbox_pending ");
		assertThat(admin.get("/actuator/prometheus").body()).as("requests are timed by URI template")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/actuator/prometheus\"");
	}

	@Test
	void eachNamedSeriesMovesByWhatHappenedAndNoLabelNamesAUserOrAClient() {
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		TestCredentials member = memberKey(admin);
		String storeName = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
		String store = admin.post("/v1/identity-stores", "{\"name\": \"" + storeName + "\"}").text("identity_store_id");
		String email = "meter-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String userId = admin
			.post("/v1/identity-stores/" + store + "/users",
					"{\"user_name\": \"meterman\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}")
			.text("user_id");
		String client = HttpApi.randomLoopbackAddress();
		Map<String, Double> before = scrape(admin);

		String reset = "/v1/identity-stores/" + store + "/users/" + userId + "/reset-password";
		assertThat(admin.post(reset, "{\"mode\": \"OTP\"}").status()).isEqualTo(200);
		assertThat(admin.post(reset, "{\"mode\": \"EMAIL\"}").status()).isEqualTo(200);
		assertThat(HttpApi.on(this.port)
			.post("/v1/password-resets/confirm", "{\"token\": \"no-such-token\", \"new_password\": \"whatever-it-is\"}")
			.status()).isEqualTo(400);
		ApiResponse issued = admin.post(MFA + "/createOTP",
				"{\"appName\": \"metrics\", \"deliveryChannel\": \"custom\","
						+ " \"userId\": \"meterman\", \"idStore\": \"" + storeName + "\"}");
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		String code = issued.text("minorCode");
		String newPassword = "Gauge-Counter-" + UUID.randomUUID();
		TestSecrets.remember(newPassword);
		ApiResponse oamReset = admin.post(PSWD + "/PasswordResetRequestsWithOTP/meterman/" + storeName,
				"{\"otp\": {\"appName\": \"metrics\", \"correlationId\": \"" + issued.text("correlationId")
						+ "\", \"otpCode\": \"" + code + "\", \"userId\": \"meterman\", \"idStore\": \"" + storeName
						+ "\"}, \"password\": \"" + newPassword + "\"}");
		assertThat(oamReset.status()).as(oamReset.body()).isEqualTo(200);
		assertThat(admin
			.post(MFA + "/validateOTP",
					"{\"appName\": \"metrics\", \"correlationId\": \"" + issued.text("correlationId")
							+ "\", \"otpCode\": \"" + code + "\", \"userId\": \"meterman\"," + " \"idStore\": \""
							+ storeName + "\"}")
			.status()).as("a spent code").isEqualTo(422);
		assertThat(HttpApi.on(this.port)
			.as(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
					"WrongSecretForTheManagementAccount0000000"))
			.get("/v1/instances")
			.status()).isEqualTo(401);
		assertThat(HttpApi.on(this.port).as(member).get("/v1/instances").status()).isEqualTo(403);
		assertThat(admin
			.post("/v1/identity-stores/" + store + "/authenticate",
					"{\"user_name\": \"meterman\", \"password\": \"not-the-password-at-all\"}")
			.status()).as("a user's failed sign-in").isEqualTo(401);
		HttpApi selfService = HttpApi.on(this.port).from(client);
		for (int i = 0; i < 21; i++) {
			selfService.postFromAddress("/v1/password-resets",
					"{\"identity_store_id\": \"" + store + "\", \"user_name\": \"nobody\"}");
		}

		String scraped = admin.get("/actuator/prometheus").body();
		Map<String, Double> after = samples(scraped);
		assertMoved(before, after, "password_reset_requests_total{api=identity_center,mode=otp,outcome=success}", 1);
		assertMoved(before, after, "password_reset_requests_total{api=identity_center,mode=email,outcome=success}", 1);
		assertMoved(before, after, "password_reset_requests_total{api=oam,mode=otp,outcome=success}", 1);
		assertMoved(before, after, "password_reset_requests_total{api=self_service,mode=email,outcome=accepted}", 20);
		assertMoved(before, after, "password_reset_requests_total{api=self_service,mode=email,outcome=rate_limited}",
				1);
		assertMoved(before, after, "password_reset_confirmations_total{outcome=failure}", 1);
		assertMoved(before, after, "otp_issued_total{channel=custom}", 1);
		assertMoved(before, after, "otp_validations_total{outcome=failure}", 1);
		assertMoved(before, after, "authentication_failures_total{method=basic,reason=bad_credentials}", 1);
		assertMoved(before, after, "authentication_failures_total{method=user_password,reason=wrong_password}", 1);
		assertMoved(before, after, "authorization_denials_total{action=identitycenter:instances:list}", 1);
		assertMoved(before, after, "rate_limit_rejections_total{limit=self_service_address}", 1);
		assertThat(after).containsKey("mail_outbox_pending");
		assertThat(after).containsKey("self_service_requests_pending");

		Matcher labels = LABEL.matcher(scraped);
		while (labels.find()) {
			assertThat(labels.group(2)).as("label %s", labels.group(1))
				.doesNotContain("meterman", email, userId, client, storeName, store, "127.0.0.1");
		}
	}

	/**
	 * A dashboard or an alert can name each series before its first event: it exists, at
	 * zero.
	 */
	@Test
	void theNamedSeriesExistBeforeTheirFirstEvent() {
		Map<String, Double> scraped = scrape(HttpApi.on(this.port).as(TestCredentials.MANAGEMENT));
		// This context has no SMS gateway and nobody has TOTP: those codes, and SMS
		// deliveries, can only be at zero.
		assertThat(scraped).containsEntry("otp_issued_total{channel=sms}", 0.0)
			.containsEntry("sms_outbox_pending", 0.0)
			.containsEntry("sms_outbox_sent_total", 0.0)
			.containsEntry("sms_outbox_failed_total", 0.0)
			.containsEntry("sms_outbox_dead_total", 0.0)
			.containsEntry("sms_outbox_delivery_seconds_count", 0.0)
			.containsEntry("otp_issued_total{channel=totp}", 0.0)
			.containsKeys("otp_issued_total{channel=email}", "otp_issued_total{channel=custom}",
					"otp_validations_total{outcome=success}", "otp_validations_total{outcome=failure}",
					"password_reset_requests_total{api=oam,mode=otp,outcome=failure}",
					"password_reset_requests_total{api=identity_center,mode=email,outcome=failure}",
					"password_reset_confirmations_total{outcome=success}",
					"authentication_failures_total{method=user_password,reason=password_expired}",
					"authentication_failures_total{method=sdk_hmac_sha256,reason=throttled}",
					"authentication_failures_total{method=bearer,reason=token_expired}",
					"authorization_denials_total{action=unknown}", "authorization_denials_total{action=oam:access}",
					"rate_limit_rejections_total{limit=administrator_reset_user}",
					"rate_limit_rejections_total{limit=one_time_code_user}",
					"rate_limit_rejections_total{limit=self_service_user}",
					"rate_limit_rejections_total{limit=authentication_failures_per_access_key}");
		assertThat(scraped).as("the actions of both faces")
			.containsKeys("authorization_denials_total{action=identitystore:passwordPolicy:update}",
					"authorization_denials_total{action=iam:securitytokens:create}",
					"authorization_denials_total{action=oam:otp:create}");
		assertThat(scraped.keySet()).filteredOn((series) -> series.startsWith("authorization_denials_total{"))
			.hasSizeGreaterThan(20);
	}

	private static void assertMoved(Map<String, Double> before, Map<String, Double> after, String series, double by) {
		assertThat(after).as("series %s", series).containsKey(series);
		assertThat(after.get(series) - before.getOrDefault(series, 0.0)).as(series).isEqualTo(by);
	}

	private static Map<String, Double> scrape(HttpApi admin) {
		ApiResponse scraped = admin.get("/actuator/prometheus");
		assertThat(scraped.status()).isEqualTo(200);
		return samples(scraped.body());
	}

	/**
	 * Each sample as {@code name{label=value,...}} with labels in the order given, values
	 * unquoted.
	 */
	private static Map<String, Double> samples(String exposition) {
		Map<String, Double> samples = new HashMap<>();
		for (String line : exposition.lines().toList()) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.matches()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			String key = sample.group(1) + (labels.isEmpty() ? ""
					: labels.entrySet()
						.stream()
						.map((entry) -> entry.getKey() + "=" + entry.getValue())
						.collect(java.util.stream.Collectors.joining(",", "{", "}")));
			samples.put(key, Double.parseDouble(sample.group(3)));
		}
		return samples;
	}

	/** A key of a member account: authenticated, and allowed nothing administrative. */
	private static TestCredentials memberKey(HttpApi admin) {
		return IdentityCenterFixtures.createAccessKey(admin, IdentityCenterFixtures.createAccount(admin));
	}

}
