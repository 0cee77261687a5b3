package dev.passwordreset.api;

import java.time.Duration;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-request log line: the URI template, never the path's ids or the query.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests {

	private static final String MANAGEMENT_ACCOUNT = "0123456789abcdef0123456789abcdef";

	@LocalServerPort
	int port;

	@Test
	void eachRequestIsOneLineWithTheTemplateStatusDurationRequestIdAndAccount(CapturedOutput output) {
		String requestId = "log-" + UUID.randomUUID().toString().substring(0, 8);
		String userId = UUID.randomUUID().toString();
		ApiResponse answer = HttpApi.on(this.port)
			.as(TestCredentials.MANAGEMENT)
			.header("X-Request-Id", requestId)
			.get("/v1/identity-stores/d-0000000000/users/" + userId + "?secret-looking=value");
		assertThat(answer.status()).isEqualTo(404);

		String line = awaitLineOf(output, requestId);
		assertThat(line)
			.matches(".*RequestLog\\s+: GET /v1/identity-stores/\\{identity_store_id}/users/\\{user_id} 404 \\d+ms "
					+ "request_id=" + requestId + " account=" + MANAGEMENT_ACCOUNT)
			.doesNotContain(userId)
			.doesNotContain("secret-looking");
	}

	@Test
	void refusalsBeforeAnyHandlerShowAsUnmatchedWithoutThePath(CapturedOutput output) {
		String requestId = "log-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse answer = HttpApi.on(this.port)
			.header("X-Request-Id", requestId)
			.get("/v1/identity-stores/d-1234567890/users?token=abc");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(awaitLineOf(output, requestId))
			.endsWith("GET [unmatched] 401 " + durationOf(awaitLineOf(output, requestId)) + "ms request_id=" + requestId
					+ " account=-")
			.doesNotContain("d-1234567890")
			.doesNotContain("token");
	}

	@Test
	void theLoggedStatusIsTheStatusSentForFilterContainerAndDecodingRefusals(CapturedOutput output) {
		HttpApi client = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
		// A filter's refusal: the body limit, on a page.
		String tooLarge = "log-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse refused = client.header("X-Request-Id", tooLarge)
			.sendBytes("POST", "/forgot-password", "application/x-www-form-urlencoded", new byte[70_000], true);
		assertThat(refused.status()).isEqualTo(413);
		assertThat(statusIn(awaitLineOf(output, tooLarge))).isEqualTo(refused.status());
		// The container's: a URI that Tomcat refuses before any filter runs.
		String container = "log-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse undecodableUri = client.header("X-Request-Id", container).sendRaw("GET /v1/a%00b HTTP/1.1");
		assertThat(undecodableUri.status()).isEqualTo(400);
		assertThat(statusIn(awaitLineOf(output, container))).isEqualTo(undecodableUri.status());
		// A form that does not decode, once logged as 200.
		String decoding = "log-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse undecodableForm = client.header("X-Request-Id", decoding)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.sendRaw("POST /reset-password HTTP/1.1", "token=abc&password=x%C3%28&confirmation=x".getBytes());
		assertThat(undecodableForm.status()).isEqualTo(400);
		assertThat(statusIn(awaitLineOf(output, decoding))).isEqualTo(undecodableForm.status());
		// A framework refusal inside the handler: a parameter that does not convert.
		String conversion = "log-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse unconvertible = client.as(TestCredentials.MANAGEMENT)
			.header("X-Request-Id", conversion)
			.get("/v1/instances?limit=many");
		assertThat(unconvertible.status()).isEqualTo(400);
		assertThat(statusIn(awaitLineOf(output, conversion))).isEqualTo(unconvertible.status());
	}

	private static int statusIn(String line) {
		return Integer.parseInt(line.replaceAll(".* (\\d{3}) \\d+ms .*", "$1"));
	}

	private static String awaitLineOf(CapturedOutput output, String requestId) {
		// The line is written once the answer is out, so it may follow the client's read.
		await().atMost(Duration.ofSeconds(5)).until(() -> lineOf(output, requestId) != null);
		return lineOf(output, requestId);
	}

	private static String lineOf(CapturedOutput output, String requestId) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("RequestLog") && line.contains("request_id=" + requestId))
			.findFirst()
			.orElse(null);
	}

	private static String durationOf(String line) {
		return line.replaceAll(".* (\\d+)ms .*", "$1");
	}

}
