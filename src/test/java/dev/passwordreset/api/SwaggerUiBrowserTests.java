package dev.passwordreset.api;

import java.time.Duration;
import java.util.List;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI in a real browser, without credentials: it loads, offers both groups, and
 * renders the operations of each. The browser set-up is the reset page's
 * ({@code ResetPageBrowserTests}): Debian's headless Chromium through Debian's
 * chromedriver, skipped visibly when they are not installed, and failing under
 * {@code CI=true}.
 */
@ApiTest
// Left out of the PostgreSQL pass: the browser reads the API description and Swagger UI's
// own files, no table.
@Tag("database-free")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiBrowserTests {

	@LocalServerPort
	int port;

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
	void swaggerUiShowsBothGroupsAndTheirOperations() {
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get("http://localhost:" + this.port + "/swagger-ui/index.html");

		Select groups = new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("select"))));
		List<String> names = groups.getOptions().stream().map(WebElement::getText).toList();
		assertThat(names).containsExactlyInAnyOrder("Huawei Cloud IAM Identity Center (/v1)",
				"Oracle Access Manager (/oam)");

		show(wait, "Huawei Cloud IAM Identity Center (/v1)");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui"),
				"/v1/identity-stores/{identity_store_id}/users/{user_id}/reset-password"));

		show(wait, "Oracle Access Manager (/oam)");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui"),
				"/oam/services/rest/auth/api/v1/mfa/createOTP"));
		assertThat(this.browser.findElement(By.cssSelector(".swagger-ui .info")).getText()).contains("OTP_INVALID");
		assertThat(this.browser.findElements(By.cssSelector(".swagger-ui .btn.authorize"))).isNotEmpty();
	}

	/**
	 * Picks a group once the UI has loaded the one before: the list is disabled while it
	 * loads.
	 */
	private void show(WebDriverWait wait, String group) {
		wait.until((driver) -> driver.findElement(By.id("select")).isEnabled());
		new Select(this.browser.findElement(By.id("select"))).selectByVisibleText(group);
	}

}
