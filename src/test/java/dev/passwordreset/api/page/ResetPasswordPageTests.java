package dev.passwordreset.api.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.ResetLinks;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The landing page of a reset link: the form, its security headers, and what a submitted
 * form renders.
 */
@ApiTest
class ResetPasswordPageTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	HttpApi browser;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.browser = HttpApi.on(this.port);
		ApiResponse created = this.admin.post("/v1/identity-stores", "{\"name\": \"page-" + hex() + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.store = created.text("identity_store_id");
	}

	@Test
	void linkShowsTheFormWithThePolicyAndStrictHeadersWithoutConsumingTheToken() {
		ApiResponse policy = this.admin.put("/v1/identity-stores/" + this.store + "/password-policy",
				"{\"password_policy\": {\"minimum_password_length\": 12, \"require_numbers\": true}}");
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
		String token = newLink("paula");
		ApiResponse page = this.browser.get("/reset-password?token=" + token);
		assertThat(page.status()).isEqualTo(200);
		assertSecurityHeaders(page);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("<form method=\"post\" action=\"reset-password\">")
			.contains("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">")
			.contains("<li>Password must be at least 12 characters.</li>")
			.contains("<li>Password must contain a digit.</li>")
			.contains("<li>Password must not be a common password.</li>")
			.contains("<li>Password must not contain the user name, the email address or the display name.</li>")
			.doesNotContain("<script")
			.doesNotContain("style=");
		assertThat(this.browser.get("/reset-password?token=" + token).status()).isEqualTo(200);
		assertThat(this.browser.get("/reset-password.css").status()).isEqualTo(200);
	}

	@Test
	void invalidLinkShowsTheGenericPageAndNoForm() {
		for (String path : List.of("/reset-password?token=nonsense", "/reset-password",
				"/reset-password?token=" + "A".repeat(43))) {
			ApiResponse page = this.browser.get(path);
			assertThat(page.status()).as(path).isEqualTo(400);
			assertSecurityHeaders(page);
			assertThat(page.body()).contains("invalid or has expired").doesNotContain("<form");
		}
	}

	@Test
	void submittedFormShowsReasonsUntilThePasswordIsAcceptedAndThenTheLinkIsUsed() {
		String token = newLink("petra");
		ApiResponse mismatch = submit(token, "Calm-River-2041-x", "Calm-River-2041-y");
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(mismatch.body()).contains("The two passwords do not match.").contains("<form");

		ApiResponse weak = submit(token, "short", "short");
		assertThat(weak.status()).isEqualTo(400);
		assertSecurityHeaders(weak);
		assertThat(weak.body()).contains("Password must be at least 8 characters.").contains("<form");

		String password = "Calm-River-" + hex();
		TestSecrets.remember(password);
		ApiResponse changed = submit(token, password, password);
		assertThat(changed.status()).isEqualTo(200);
		assertSecurityHeaders(changed);
		assertThat(changed.body()).contains("Your password was changed. You can now sign in.")
			.doesNotContain(password)
			.doesNotContain(token);

		assertThat(this.admin
			.post("/v1/identity-stores/" + this.store + "/authenticate",
					"{\"user_name\": \"petra\", \"password\": \"" + password + "\"}")
			.status()).isEqualTo(200);
		ApiResponse reused = submit(token, password + "!", password + "!");
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.body()).contains("invalid or has expired").doesNotContain("<form");
	}

	private static void assertSecurityHeaders(ApiResponse page) {
		assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(page.header("Cache-Control")).contains("no-store");
		assertThat(page.header("Content-Security-Policy")).isEqualTo("default-src 'none'; style-src 'self'; "
				+ "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	private ApiResponse submit(String token, String password, String confirmation) {
		TestSecrets.remember(password);
		String form = "token=" + encode(token) + "&password=" + encode(password) + "&confirmation="
				+ encode(confirmation);
		return this.browser.send("POST", "/reset-password", "application/x-www-form-urlencoded", form);
	}

	private String newLink(String userName) {
		return ResetLinks.emailed(this.admin, this.jdbc, this.store, userName).token();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String hex() {
		return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
	}

}
