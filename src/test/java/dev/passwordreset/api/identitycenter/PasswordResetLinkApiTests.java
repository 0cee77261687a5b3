package dev.passwordreset.api.identitycenter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
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
 * Reset-password in EMAIL mode: the queued mail and its link, and the confirmation of the
 * link by {@code POST /v1/password-resets/confirm}, which needs no caller credentials.
 * The shared context delivers no mail, so the tests read the queued mail from the outbox
 * table.
 */
@ApiTest
class PasswordResetLinkApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String INVALID_LINK = "Bad Request: the reset link is invalid or has expired.";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ResetProperties properties;

	HttpApi admin;

	HttpApi anonymous;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.anonymous = HttpApi.on(this.port);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void emailLinkSetsANewPasswordOnceAndTheUserIsNotified() {
		String email = uniqueEmail();
		String userId = createUser("linda", email, null);
		String oneTimePassword = resetWithOneTimePassword(userId);

		ApiResponse reset = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		assertThat(reset.json().isEmpty()).as(reset.body()).isTrue();

		List<Map<String, Object>> mails = mailsTo(email);
		// The one-time password before it was announced to the user by a mail of its own.
		assertThat(mails).extracting((sent) -> sent.get("subject"))
			.containsExactly("An administrator reset your password", "Reset your password");
		Map<String, Object> mail = mails.get(1);
		assertThat((String) mail.get("text_body")).contains(this.properties.publicBaseUrl() + "/reset-password?token=");
		assertThat(this.properties.publicBaseUrl()).startsWith("http://localhost:");
		String token = tokenIn((String) mail.get("text_body"));
		assertThat((String) mail.get("html_body")).startsWith("<!DOCTYPE html>")
			.contains("href=\"" + this.properties.publicBaseUrl() + "/reset-password?token=" + token + "\"");
		assertThat(this.jdbc.queryForObject("select count(*) from reset_token where user_id = ?", Integer.class,
				UUID.fromString(userId)))
			.as("the token and the mail are written together")
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select token_hash from reset_token where user_id = ?", String.class,
				UUID.fromString(userId)))
			.matches("[0-9a-f]{64}")
			.doesNotContain(token);

		assertThat(this.anonymous.get("/reset-password?token=" + token).status()).isEqualTo(200);
		assertThat(this.anonymous.get("/reset-password?token=" + token).status()).as("a GET does not consume the token")
			.isEqualTo(200);

		ApiResponse tooShort = confirm(token, "Ab1-x");
		assertError(tooShort, 400, "IIC.400");
		assertThat(tooShort.text("error_msg")).contains("Password must be at least 8 characters.")
			.doesNotContain(token);
		assertThat(confirm(token, "password").text("error_msg")).contains("Password must not be a common password.");
		ApiResponse withUserName = confirm(token, "linda-" + newPassword());
		assertError(withUserName, 400, "IIC.400");
		assertThat(withUserName.text("error_msg")).contains("Password must not contain the user name.");

		String password = newPassword();
		ApiResponse confirmed = confirm(token, password);
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.body()).isEqualTo("{}");

		ApiResponse signedIn = signIn("linda", password);
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
		assertThat(signedIn.json().get("password_change_required").asBoolean()).isFalse();
		assertError(signIn("linda", oneTimePassword), 401, "IIC.4010");

		ApiResponse again = confirm(token, newPassword());
		assertError(again, 400, "IIC.400");
		assertThat(again.text("error_msg")).isEqualTo(INVALID_LINK);

		List<Map<String, Object>> afterwards = mailsTo(email);
		assertThat(afterwards).hasSize(3);
		Map<String, Object> notification = afterwards.get(2);
		assertThat(notification.get("subject")).isEqualTo("Your password was changed");
		assertThat((String) notification.get("text_body")).doesNotContain(password).doesNotContain(token);
		assertThat((String) notification.get("html_body")).doesNotContain(password).doesNotContain(token);

		String events = this.admin.get("/v1/audit-events?type=PASSWORD_RESET_CONFIRMED").body();
		assertThat(events).contains("identitystore/" + this.store + "/user/" + userId)
			.doesNotContain(token)
			.doesNotContain(password);
	}

	@Test
	void createWithPasswordModeEmailQueuesALinkAndAnswersWithoutAPassword() {
		String email = uniqueEmail();
		ApiResponse created = this.admin.post(users(), JSON.createObjectNode()
			.put("user_name", "born-with-link")
			.put("password_mode", "EMAIL")
			.set("emails", JSON.createArrayNode().add(JSON.createObjectNode().put("value", email).put("primary", true)))
			.toString());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().has("password")).isFalse();
		String token = tokenIn((String) mailsTo(email).get(0).get("text_body"));
		String password = newPassword();
		assertThat(confirm(token, password).status()).isEqualTo(200);
		assertThat(signIn("born-with-link", password).status()).isEqualTo(200);
	}

	@Test
	void disabledUserGetsNoLink() {
		String email = uniqueEmail();
		String userId = createUser("dora", email, null);
		assertThat(this.admin.post(users() + "/" + userId + "/disable").status()).isEqualTo(200);
		ApiResponse refused = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertError(refused, 400, "IIC.400");
		assertThat(refused.text("error_msg")).isEqualTo("Bad Request: the user is disabled.");
		assertThat(mailsTo(email)).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from reset_token where user_id = ?", Integer.class,
				UUID.fromString(userId)))
			.isZero();
	}

	@Test
	void aNewLinkInvalidatesTheOlderOne() {
		String email = uniqueEmail();
		String userId = createUser("twice", email, null);
		String first = resetWithLink(userId, email);
		String second = resetWithLink(userId, email);
		assertThat(second).isNotEqualTo(first);
		assertThat(confirm(first, newPassword()).text("error_msg")).isEqualTo(INVALID_LINK);
		assertThat(confirm(second, newPassword()).status()).isEqualTo(200);
	}

	@Test
	void aOneTimePasswordResetInvalidatesAnOutstandingLink() {
		String email = uniqueEmail();
		String userId = createUser("otp-after-link", email, null);
		String token = resetWithLink(userId, email);
		resetWithOneTimePassword(userId);
		assertThat(confirm(token, newPassword()).text("error_msg")).isEqualTo(INVALID_LINK);
	}

	@Test
	void expiredUnknownMalformedAndUsedTokensGetTheSameAnswer() {
		String email = uniqueEmail();
		String userId = createUser("alike", email, null);
		String expired = resetWithLink(userId, email);
		this.jdbc.update("update reset_token set expires_at = ? where user_id = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(userId));
		String used = resetWithLink(userId, email);
		assertThat(confirm(used, newPassword()).status()).isEqualTo(200);
		byte[] random = new byte[32];
		ThreadLocalRandom.current().nextBytes(random);
		String unknown = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		TestSecrets.remember(unknown);

		List<ApiResponse> answers = List.of(confirm(expired, newPassword()), confirm(unknown, newPassword()),
				confirm("not a token", newPassword()), confirm("", newPassword()), confirm(used, newPassword()),
				confirm(expired + "A", newPassword()));
		for (ApiResponse answer : answers) {
			assertError(answer, 400, "IIC.400");
			assertThat(withoutRequestId(answer)).isEqualTo(withoutRequestId(answers.get(0)));
		}
		assertThat(answers.get(0).text("error_msg")).isEqualTo(INVALID_LINK);
		assertThat(this.anonymous.get("/reset-password?token=" + expired).status()).isEqualTo(400);
	}

	@Test
	void concurrentConfirmationsOfOneTokenHaveExactlyOneWinner() throws Exception {
		String email = uniqueEmail();
		String userId = createUser("raced", email, null);
		String token = resetWithLink(userId, email);
		// Each attempt hashes its password before it claims the token, and no more hashes
		// run at once than there are cores: more attempts only queue longer for the hash.
		int attempts = 20;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		List<ApiResponse> answers = new ArrayList<>();
		try {
			List<Future<ApiResponse>> futures = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				String password = newPassword();
				Callable<ApiResponse> attempt = () -> {
					start.await();
					return confirm(token, password);
				};
				futures.add(pool.submit(attempt));
			}
			start.countDown();
			for (Future<ApiResponse> future : futures) {
				answers.add(future.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(answers).filteredOn((answer) -> answer.status() == 200).hasSize(1);
		List<ApiResponse> refused = answers.stream().filter((answer) -> answer.status() != 200).toList();
		assertThat(refused).hasSize(attempts - 1);
		for (ApiResponse answer : refused) {
			assertError(answer, 400, "IIC.400");
			assertThat(answer.text("error_msg")).isEqualTo(INVALID_LINK);
		}
		assertThat(this.jdbc.queryForObject(
				"select count(*) from reset_token where user_id = ? and consumed_at is not null", Integer.class,
				UUID.fromString(userId)))
			.isEqualTo(1);
	}

	@Test
	void confirmationNeedsNoCredentialsButTheRestOfV1Does() {
		assertError(confirm("no-such-token", newPassword()), 400, "IIC.400");
		assertError(this.anonymous.get("/v1/identity-stores"), 401, "APIGW.0301");
		assertError(this.anonymous.post(users() + "/" + UUID.randomUUID() + "/reset-password", "{\"mode\": \"EMAIL\"}"),
				401, "APIGW.0301");
	}

	@Test
	void mailsFollowThePreferredLanguageOrElseTheLocaleAndEscapeWhatTheyInsert() {
		String chinese = uniqueEmail();
		resetWithLink(createUser("zhang", chinese, "\"preferred_language\": \"zh-CN\", \"locale\": \"en-US\""),
				chinese);
		Map<String, Object> mail = mailsTo(chinese).get(0);
		assertThat(mail.get("subject")).isEqualTo("重置您的密码");
		assertThat((String) mail.get("text_body")).contains("该链接只能使用一次");

		String byLocale = uniqueEmail();
		resetWithLink(createUser("li", byLocale, "\"locale\": \"zh-TW\""), byLocale);
		assertThat(mailsTo(byLocale).get(0).get("subject")).isEqualTo("重置您的密码");

		String english = uniqueEmail();
		resetWithLink(createUser("tag", english, "\"display_name\": \"Tom <b>&amp;</b> Jerry\""), english);
		Map<String, Object> escaped = mailsTo(english).get(0);
		assertThat(escaped.get("subject")).isEqualTo("Reset your password");
		assertThat((String) escaped.get("html_body")).contains("Tom &lt;b&gt;&amp;amp;&lt;/b&gt; Jerry")
			.doesNotContain("<b>");
	}

	private String createUser(String userName, String email, String extraJson) {
		String body = "{\"user_name\": \"" + userName + "\", \"emails\": [{\"value\": \"" + email
				+ "\", \"primary\": true}]" + ((extraJson != null) ? ", " + extraJson : "") + "}";
		ApiResponse created = this.admin.post(users(), body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private String resetWithLink(String userId, String email) {
		int before = mailsTo(email).size();
		ApiResponse reset = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		List<Map<String, Object>> mails = mailsTo(email);
		assertThat(mails).hasSize(before + 1);
		return tokenIn((String) mails.get(mails.size() - 1).get("text_body"));
	}

	private String resetWithOneTimePassword(String userId) {
		ApiResponse reset = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		return reset.text("password");
	}

	private List<Map<String, Object>> mailsTo(String email) {
		return this.jdbc.queryForList(
				"select subject, text_body, html_body from mail_outbox where recipient = ? order by created_at", email);
	}

	private String tokenIn(String text) {
		Matcher matcher = Pattern
			.compile(Pattern.quote(this.properties.publicBaseUrl() + "/reset-password?token=") + "([A-Za-z0-9_-]{43})")
			.matcher(text);
		assertThat(matcher.find()).as("a reset link in the mail").isTrue();
		String token = matcher.group(1);
		TestSecrets.remember(token);
		return token;
	}

	private ApiResponse confirm(String token, String password) {
		return this.anonymous.post("/v1/password-resets/confirm",
				JSON.createObjectNode().put("token", token).put("new_password", password).toString());
	}

	private ApiResponse signIn(String userName, String password) {
		return this.admin.post("/v1/identity-stores/" + this.store + "/authenticate",
				JSON.createObjectNode().put("user_name", userName).put("password", password).toString());
	}

	private static String newPassword() {
		String password = "Quiet-Harbor-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
		TestSecrets.remember(password);
		return password;
	}

	private static String uniqueEmail() {
		return IdentityCenterFixtures.uniqueName("mail") + "@example.com";
	}

	private static String withoutRequestId(ApiResponse answer) {
		return answer.body().replace(answer.text("request_id"), "");
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

}
