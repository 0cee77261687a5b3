package dev.passwordreset.api;

import java.io.File;
import java.time.Duration;
import java.util.List;

import dev.passwordreset.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Swagger UI in a real browser, without credentials: it loads, offers both groups, and renders the
 * operations of each. The browser set-up is the reset page's ({@code ResetPageBrowserTests}):
 * Debian's headless Chromium through Debian's chromedriver, skipped visibly when they are not
 * installed, and failing under {@code CI=true}.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiBrowserTests {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	@LocalServerPort
	int port;

	WebDriver browser;

	@BeforeAll
	void browser() {
		boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
		if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true needs /usr/bin/chromium and /usr/bin/chromedriver (.ci/run installs them)");
		}
		assumeTrue(installed, "Chromium or chromedriver is not installed; the browser test is skipped");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-quic");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
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

	/** Picks a group once the UI has loaded the one before: the list is disabled while it loads. */
	private void show(WebDriverWait wait, String group) {
		wait.until((driver) -> driver.findElement(By.id("select")).isEnabled());
		new Select(this.browser.findElement(By.id("select"))).selectByVisibleText(group);
	}

}
