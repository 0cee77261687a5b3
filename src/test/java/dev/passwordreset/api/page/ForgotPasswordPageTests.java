package dev.passwordreset.api.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "forgot password" page that the reset page links to: a form that asks for a link
 * through the same service and limits as {@code POST /v1/password-resets}.
 */
@ApiTest
class ForgotPasswordPageTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	HttpApi browser;

	String store;

	@BeforeEach
	void newStoreAndBrowser() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.browser = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
		ApiResponse created = this.admin.post("/v1/identity-stores",
				"{\"name\": \"forgot-" + UUID.randomUUID() + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.store = created.text("identity_store_id");
	}

	@Test
	void theResetPagesLinkToTheFormWhichKeepsAGivenStoreAndTheStrictHeaders() {
		assertThat(get("/reset-password?token=nonsense").body()).contains("<a href=\"forgot-password\">");
		ApiResponse form = get("/forgot-password?identity_store_id=" + this.store);
		assertThat(form.status()).isEqualTo(200);
		assertPageHeaders(form);
		assertThat(form.body()).contains("<form method=\"post\" action=\"forgot-password\">")
			.contains("value=\"" + this.store + "\"")
			.doesNotContain("<script");
		assertThat(get("/forgot-password?identity_store_id=%3Cscript%3E").body()).doesNotContain("<script")
			.contains("value=\"\"");
	}

	@Test
	void aKnownAndAnUnknownUserSeeTheSamePageAndOnlyTheKnownOneGetsMail() {
		String address = "fern-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		ApiResponse user = this.admin.post("/v1/identity-stores/" + this.store + "/users",
				"{\"user_name\": \"fern\", \"emails\": [{\"value\": \"" + address + "\", \"primary\": true}]}");
		assertThat(user.status()).as(user.body()).isEqualTo(201);

		ApiResponse byName = submit(this.store, "fern");
		ApiResponse byEmail = submit(this.store, address);
		ApiResponse unknown = submit(this.store, "nobody@example.com");
		for (ApiResponse page : List.of(byName, byEmail, unknown)) {
			assertThat(page.status()).isEqualTo(200);
			assertPageHeaders(page);
			assertThat(page.body()).isEqualTo(unknown.body()).contains("Check your email");
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> processed() == 3 && mailsTo(address) >= 2);
		assertThat(mailsTo(address)).as("one link by name, one by email address").isEqualTo(2);
	}

	@Test
	void anIncompleteFormIsShownAgainWithAProblem() {
		ApiResponse page = submit("", "someone");
		assertThat(page.status()).isEqualTo(400);
		assertPageHeaders(page);
		assertThat(page.body()).contains("Enter the identity store ID").contains("<form");
		assertThat(submit(this.store, "  ").status()).isEqualTo(400);
		assertThat(submit("d-../../x", "someone").status()).isEqualTo(400);
	}

	@Test
	void aClientOverItsLimitIsToldToWait() {
		for (int i = 0; i < 20; i++) {
			assertThat(submit(this.store, "nobody-" + i).status()).isEqualTo(200);
		}
		ApiResponse refused = submit(this.store, "nobody-20");
		assertThat(refused.status()).isEqualTo(429);
		assertPageHeaders(refused);
		assertThat(refused.header("Retry-After")).isNotBlank();
		assertThat(refused.body()).contains("Too many requests").contains("Please try again in 60 minutes.");
	}

	private int mailsTo(String address) {
		return this.jdbc.queryForObject("select count(*) from mail_outbox where recipient = ?", Integer.class, address);
	}

	private int processed() {
		return this.jdbc.queryForObject(
				"select count(*) from audit_event where event_type = 'PASSWORD_RESET_REQUESTED' and client_address = ?",
				Integer.class, this.browser.localAddress());
	}

	private ApiResponse get(String path) {
		return this.browser.sendRaw("GET " + path + " HTTP/1.1");
	}

	private ApiResponse submit(String store, String user) {
		String form = "identity_store_id=" + encode(store) + "&user=" + encode(user);
		return this.browser.header("Content-Type", "application/x-www-form-urlencoded")
			.sendRaw("POST /forgot-password HTTP/1.1", form.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static void assertPageHeaders(ApiResponse page) {
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(page.header("Cache-Control")).contains("no-store");
		assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'")
			.contains("form-action 'self'");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
	}

}
