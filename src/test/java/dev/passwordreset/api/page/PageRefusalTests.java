package dev.passwordreset.api.page;

import java.nio.charset.StandardCharsets;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that posts a form gets a page back, whatever refuses the post: a body over
 * {@code reset.http.max-request-body-size} is a 413 page, a form that does not decode a
 * 400 page, both with the pages' strict headers and without the submitted value.
 */
@ApiTest
// Left out of the PostgreSQL pass: every answer is the refusal of a body that is too
// large or does not decode, given before the page's handler reads a table.
@Tag("database-free")
class PageRefusalTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	int port;

	/** {@code reset.http.max-request-body-size}'s default. */
	private static final int LIMIT = 64 * 1024;

	@ParameterizedTest(name = "{0}, chunked {1}")
	@CsvSource({ "/reset-password, false", "/reset-password, true", "/forgot-password, false",
			"/forgot-password, true" })
	void aFormOverTheBodyLimitIsA413Page(String path, boolean chunked) {
		byte[] body = ("token=abc&password=" + "a".repeat(LIMIT) + "&confirmation=x")
			.getBytes(StandardCharsets.US_ASCII);
		ApiResponse page = browser().sendBytes("POST", path, FORM, body, chunked);
		assertThat(page.status()).as(page.body()).isEqualTo(413);
		assertPage(page);
		assertThat(page.body()).contains("larger than " + LIMIT + " bytes");
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "/reset-password, token=abc&password=Qx7Pass%E0%A4%A&confirmation=x",
			"/reset-password, token=Qx7tok%C3%28en&password=x&confirmation=x",
			"/forgot-password, identity_store_id=d-1&user=Qx7us%FFer" })
	void aFormThatDoesNotDecodeIsA400PageThatQuotesNothing(String path, String form) {
		ApiResponse page = browser().header("Content-Type", FORM)
			.sendRaw("POST " + path + " HTTP/1.1", form.getBytes(StandardCharsets.US_ASCII));
		assertThat(page.status()).as(page.body()).isEqualTo(400);
		assertPage(page);
		assertThat(page.body()).doesNotContain("Qx7");
	}

	private HttpApi browser() {
		return HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
	}

	private static void assertPage(ApiResponse page) {
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("<h1>");
		assertThat(page.header("Content-Security-Policy")).isEqualTo(ResetPasswordPages.CONTENT_SECURITY_POLICY);
		assertThat(page.header("Cache-Control")).isEqualTo("no-store");
		assertThat(page.header("X-Request-Id")).isNotBlank();
	}

}
