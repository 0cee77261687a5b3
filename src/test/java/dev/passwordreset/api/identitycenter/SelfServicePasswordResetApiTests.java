package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Forgot password" over HTTP: no credentials, one answer for every user, the same link
 * mail an administrator's EMAIL reset sends, and limits per user and per client address.
 * Each test sends from a loopback address of its own (127.x.y.z), so each is a client of
 * its own to the limits.
 */
@ApiTest
class SelfServicePasswordResetApiTests {

	private static final Pattern LINK_TOKEN = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]{43})");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	HttpApi anonymous;

	String store;

	@BeforeEach
	void newStoreAndClient() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.anonymous = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void existingAndUnknownUsersGetByteIdenticalAnswers() {
		String address = uniqueAddress("known");
		String userId = createUser("known", address);
		List<ApiResponse> answers = List.of(request("user_name", "known"), request("user_name", "nobody-here"),
				request("email", address), request("email", "nobody@example.com"),
				requestIn("d-0000000000", "user_name", "known"));

		for (ApiResponse answer : answers) {
			assertThat(answer.status()).isEqualTo(202);
			assertThat(answer.body()).isEqualTo(answers.get(0).body());
			assertThat(answer.header("Content-Type")).isEqualTo(answers.get(0).header("Content-Type"));
			assertThat(answer.header("Content-Length")).isEqualTo(answers.get(0).header("Content-Length"));
		}
		assertThat(answers.get(0).body()).doesNotContain("known", address, userId);
		awaitRequestsProcessed(5);
		assertThat(awaitMailsTo(address, 2)).as("one link by user name, one by email").hasSize(2);
	}

	@Test
	void theMailedLinkResetsThePasswordOnceAndOnlyTheNewestLinkWorks() {
		String address = uniqueAddress("linked");
		createUser("linked", address);
		assertThat(request("user_name", "LINKED").status()).as("user names match without regard to case")
			.isEqualTo(202);
		awaitRequestsProcessed(1);
		assertThat(awaitMailsTo(address, 1).get(0)).as("the user's own request, not an administrator's")
			.contains("someone, probably you, asked to reset the password of your account linked");
		String first = tokenIn(mailsTo(address).get(0));
		assertThat(request("email", address.toUpperCase()).status()).isEqualTo(202);
		awaitRequestsProcessed(2);
		String second = tokenIn(awaitMailsTo(address, 2).get(1));

		String newPassword = "Tangerine-Harbour-" + UUID.randomUUID();
		TestSecrets.remember(newPassword);
		assertThat(confirm(first, newPassword).status()).as("a newer link invalidates the older").isEqualTo(400);
		assertThat(confirm(second, newPassword).status()).isEqualTo(200);
		assertThat(confirm(second, newPassword + "x").status()).as("a link works once").isEqualTo(400);
		ApiResponse signedIn = this.admin.post("/v1/identity-stores/" + this.store + "/authenticate",
				"{\"user_name\": \"linked\", \"password\": \"" + newPassword + "\"}");
		assertThat(signedIn.status()).isEqualTo(200);
	}

	@Test
	void usersWhoCannotGetALinkGetTheSameAnswerAndNoMail() {
		String disabledAddress = uniqueAddress("disabled");
		String disabled = createUser("disabled", disabledAddress);
		assertThat(this.admin.post("/v1/identity-stores/" + this.store + "/users/" + disabled + "/disable").status())
			.isBetween(200, 204);
		ApiResponse withoutEmail = this.admin.post(users(), "{\"user_name\": \"mailless\"}");
		assertThat(withoutEmail.status()).isEqualTo(201);

		ApiResponse forDisabled = request("user_name", "disabled");
		ApiResponse forMailless = request("user_name", "mailless");
		ApiResponse forNobody = request("user_name", "nobody");
		assertThat(List.of(forDisabled, forMailless, forNobody)).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(202);
			assertThat(answer.body()).isEqualTo(forNobody.body());
		});
		awaitRequestsProcessed(3);
		assertThat(mailsTo(disabledAddress)).isEmpty();
		assertThat(auditReasons()).containsExactlyInAnyOrder("no link: the user is disabled",
				"no link: the user has no primary email address to send a reset link to", "no link: no user matches");
	}

	@Test
	void thePerUserLimitTripsAtFiveMailsAnHour() {
		String address = uniqueAddress("popular");
		createUser("popular", address);
		for (int i = 0; i < 7; i++) {
			assertThat(request("user_name", "popular").status()).isEqualTo(202);
		}
		awaitRequestsProcessed(7);
		assertThat(awaitMailsTo(address, 5)).hasSize(5);
		assertThat(auditReasons()).filteredOn("no link: the user exceeded its limit"::equals).hasSize(2);
	}

	@Test
	void thePerAddressLimitTripsAtTwentyRequestsAnHourAndOtherAddressesGoOn() {
		for (int i = 0; i < 20; i++) {
			assertThat(request("user_name", "nobody-" + i).status()).as("request %d", i + 1).isEqualTo(202);
		}
		ApiResponse refused = request("user_name", "nobody-21");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.text("error_code")).isEqualTo("APIGW.0308");
		assertThat(refused.text("request_id")).isNotBlank();
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
		assertThat(refused.body()).doesNotContain("nobody");

		HttpApi otherClient = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
		assertThat(otherClient
			.postFromAddress(SelfServicePasswordResetController.PATH, body(this.store, "user_name", "nobody-21"))
			.status()).isEqualTo(202);
	}

	@Test
	void answerTimeDoesNotDependOnWhetherTheUserExists() {
		createUser("timed", uniqueAddress("timed"));
		List<Long> known = new ArrayList<>();
		List<Long> unknown = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			// Alternating, so that warm-up and background work fall on both sides alike.
			known.add(timed(() -> request("user_name", "timed")));
			unknown.add(timed(() -> request("user_name", "untimed")));
		}
		long knownMedian = median(known);
		long unknownMedian = median(unknown);
		// The request thread does the same work for both; what differs runs afterwards.
		assertThat(Math.abs(knownMedian - unknownMedian)).as("median %d ms against %d ms", knownMedian, unknownMedian)
			.isLessThan(40);
	}

	@Test
	void malformedRequestsGet400InHuaweisFormatWithoutEchoingWhatWasTyped() {
		String secretLooking = "S3cret-typed-in-the-wrong-field";
		TestSecrets.remember(secretLooking);
		List<String> bodies = List.of(
				"{\"identity_store_id\": \"" + this.store + "\", \"user_name\": \"" + secretLooking
						+ "\", \"email\": \"" + secretLooking + "@example.com\"}",
				"{\"identity_store_id\": \"" + this.store + "\"}", "{\"user_name\": \"" + secretLooking + "\"}",
				"{\"identity_store_id\": \"../" + secretLooking + "\", \"user_name\": \"x\"}",
				"{\"identity_store_id\": \"" + this.store + "\", \"user_name\": \"a\\u0000" + secretLooking + "\"}",
				"{\"identity_store_id\": \"" + this.store + "\", \"email\": \"" + secretLooking + "\"}",
				"{\"identity_store_id\": \"" + this.store + "\", \"user_name\": 7}",
				"{\"identity_store_id\": \"" + this.store + "\", \"user_name\": \"" + "x".repeat(129) + "\"}",
				"[\"" + secretLooking + "\"]", "not json " + secretLooking);
		for (String body : bodies) {
			ApiResponse answer = this.anonymous.postFromAddress(SelfServicePasswordResetController.PATH, body);
			assertThat(answer.status()).as(body).isEqualTo(400);
			assertThat(answer.text("error_code")).isEqualTo("IIC.400");
			assertThat(answer.body()).as(body).doesNotContain(secretLooking).doesNotContainIgnoringCase("exception");
		}
	}

	@Test
	void theAuditShowsRequestsButNeverWhatWasTyped() {
		String typed = "Maybe-My-Password-" + UUID.randomUUID();
		TestSecrets.remember(typed);
		request("user_name", typed);
		awaitRequestsProcessed(1);
		List<String> rows = this.jdbc.queryForList("""
				select concat(event_type, ' ', outcome, ' ', coalesce(resource, '-'), ' ', reason, ' ',
				coalesce(client_address, '-')) from audit_event where client_address = ?""", String.class,
				clientAddress());
		assertThat(rows).singleElement()
			.asString()
			.startsWith("PASSWORD_RESET_REQUESTED FAILURE - no link")
			.doesNotContain(typed)
			.endsWith(clientAddress());
	}

	private ApiResponse request(String field, String value) {
		return requestIn(this.store, field, value);
	}

	private ApiResponse requestIn(String storeId, String field, String value) {
		return this.anonymous.postFromAddress(SelfServicePasswordResetController.PATH, body(storeId, field, value));
	}

	private static String body(String storeId, String field, String value) {
		return "{\"identity_store_id\": \"" + storeId + "\", \"" + field + "\": \"" + value + "\"}";
	}

	private ApiResponse confirm(String token, String newPassword) {
		TestSecrets.remember(token);
		return HttpApi.on(this.port)
			.post("/v1/password-resets/confirm",
					"{\"token\": \"" + token + "\", \"new_password\": \"" + newPassword + "\"}");
	}

	/**
	 * Requests are processed after the answer; each leaves exactly one audit event per
	 * user.
	 */
	private void awaitRequestsProcessed(int count) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> auditReasons().size() >= count);
		assertThat(auditReasons()).hasSize(count);
	}

	/**
	 * The audit event of a queued link commits a moment before the mail does (the audit
	 * has a transaction of its own), so the mails are awaited too.
	 */
	private List<String> awaitMailsTo(String address, int count) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> mailsTo(address).size() >= count);
		return mailsTo(address);
	}

	private List<String> auditReasons() {
		return this.jdbc.queryForList("""
				select reason from audit_event where event_type = 'PASSWORD_RESET_REQUESTED' and client_address = ?
				order by id""", String.class, clientAddress());
	}

	private String clientAddress() {
		return this.anonymous.localAddress();
	}

	private List<String> mailsTo(String address) {
		return this.jdbc.queryForList("select text_body from mail_outbox where recipient = ? order by created_at",
				String.class, address);
	}

	private static String tokenIn(String mail) {
		Matcher matcher = LINK_TOKEN.matcher(mail);
		assertThat(matcher.find()).as("a reset link in the mail").isTrue();
		return matcher.group(1);
	}

	private String createUser(String userName, String email) {
		ApiResponse created = this.admin.post(users(), "{\"user_name\": \"" + userName
				+ "\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

	private static String uniqueAddress(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	private static long timed(Runnable request) {
		long start = System.nanoTime();
		request.run();
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

}
