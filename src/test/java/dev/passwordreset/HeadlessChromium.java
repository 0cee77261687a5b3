package dev.passwordreset;

import java.io.File;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium through Debian's chromedriver, as the browser tests drive
 * it. Without them a test is skipped visibly; under {@code CI=true} it fails, since
 * {@code .ci/run} installs both.
 */
public final class HeadlessChromium {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/** A new browser; the caller quits it. */
	public static WebDriver start() {
		boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
		if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(
					"CI=true needs /usr/bin/chromium and /usr/bin/chromedriver (.ci/run installs them)");
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
		return new ChromeDriver(service, options);
	}

}
