package dev.passwordreset.api.page;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HeadlessChromium;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emailed-link journey in a real browser: Debian's headless Chromium, driven by
 * Selenium through Debian's chromedriver, opens the link from the queued mail, fills the
 * form and sees the success page; the new password then signs in. {@code .ci/run}
 * installs both packages when they are missing; elsewhere the test is skipped, visibly,
 * when they are not installed.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResetPageBrowserTests {

	private static final Pattern LINK = Pattern.compile("(http://\\S+/reset-password\\?token=[A-Za-z0-9_-]+)");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	WebDriver browser;

	@BeforeAll
	void browser() {
		this.browser = HeadlessChromium.start();
	}

	@AfterAll
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void userFollowsTheEmailedLinkAndSetsANewPassword() {
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		String store = admin.post("/v1/identity-stores", "{\"name\": \"browser-" + System.nanoTime() + "\"}")
			.text("identity_store_id");
		String users = "/v1/identity-stores/" + store + "/users";
		String userId = admin.post(users, """
				{"user_name": "browser-user", "emails": [{"value": "browser-user@example.com", "primary": true}]}
				""").text("user_id");
		assertThat(admin.post(users + "/" + userId + "/reset-password", "{\"mode\": \"EMAIL\"}").status())
			.isEqualTo(200);

		String link = linkInTheLatestMailTo("browser-user@example.com");
		TestSecrets.remember(link.substring(link.indexOf("token=") + 6));
		String newPassword = "Correct horse battery staple 42!";
		TestSecrets.remember(newPassword);

		this.browser.get(link);
		this.browser.findElement(By.name("password")).sendKeys(newPassword);
		this.browser.findElement(By.name("confirmation")).sendKeys(newPassword);
		this.browser.findElement(By.cssSelector("form [type=submit]")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "password was changed"));

		ApiResponse signIn = admin.post("/v1/identity-stores/" + store + "/authenticate",
				JsonMapper.builder()
					.build()
					.createObjectNode()
					.put("user_name", "browser-user")
					.put("password", newPassword)
					.toString());
		assertThat(signIn.status()).isEqualTo(200);
		assertThat(signIn.json().get("password_change_required").asBoolean()).isFalse();
	}

	private String linkInTheLatestMailTo(String recipient) {
		List<Map<String, Object>> mails = this.jdbc
			.queryForList("select text_body from mail_outbox where recipient = ? order by created_at desc", recipient);
		assertThat(mails).isNotEmpty();
		Matcher link = LINK.matcher(String.valueOf(mails.get(0).get("text_body")));
		assertThat(link.find()).as("a reset link in the mail").isTrue();
		// The base URL is configured, not this server's port; the page is served here.
		return link.group(1).replaceFirst("http://[^/]+", "http://localhost:" + this.port);
	}

}
