package dev.passwordreset;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import dev.passwordreset.HttpApi.ApiResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The check every journey's answers go through ({@link DocumentedTraffic}) can fail: a
 * real answer passes, and the same answer changed in one way the document does not
 * describe fails.
 */
@ApiTest
class DocumentedTrafficTests {

	private static final String INSTANCES = "/v1/instances";

	@LocalServerPort
	int port;

	private ApiResponse refused;

	@BeforeEach
	void anonymousCallerIsRefused() {
		this.refused = HttpApi.on(this.port).get(INSTANCES);
		assertThat(this.refused.status()).isEqualTo(401);
	}

	@Test
	void aRealAnswerPassesAndIsCounted() {
		assertThatNoException().isThrownBy(() -> check(this.refused));
		assertThat(DocumentedTraffic.validated()).contains("GET " + INSTANCES + " 401");
	}

	@Test
	void anUndocumentedStatusFails() {
		assertFails(new ApiResponse(418, this.refused.headers(), this.refused.body()), "status 418 is not documented");
	}

	@Test
	void aMissingRequiredFieldFails() {
		assertFails(withBody("{\"error_msg\": \"m\", \"request_id\": \"r\"}"), "error_code");
	}

	@Test
	void aNullWhereTheSchemaTakesNoneFails() {
		assertFails(withBody("{\"error_code\": \"APIGW.0301\", \"error_msg\": null, \"request_id\": \"r\"}"),
				"error_msg");
	}

	@Test
	void aValueOfTheWrongTypeFails() {
		assertFails(withBody("{\"error_code\": 301, \"error_msg\": \"m\", \"request_id\": \"r\"}"), "error_code");
	}

	@Test
	void anUndocumentedContentTypeFails() {
		assertFails(new ApiResponse(401, headers(Map.of("Content-Type", List.of("text/html"))), "<p>no</p>"),
				"Content-Type text/html is not documented");
	}

	@Test
	void aThrottledAnswerWithoutRetryAfterFails() {
		assertFails(new ApiResponse(429, this.refused.headers(), this.refused.body()), "Retry-After");
	}

	private ApiResponse withBody(String body) {
		return new ApiResponse(401, this.refused.headers(), body);
	}

	private void assertFails(ApiResponse answer, String reason) {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> check(answer))
			.withMessageContaining("GET " + INSTANCES)
			.withMessageContaining(reason);
	}

	private void check(ApiResponse answer) {
		DocumentedTraffic.check("http://localhost:" + this.port, "GET", INSTANCES, answer);
	}

	private static HttpHeaders headers(Map<String, List<String>> values) {
		return HttpHeaders.of(values, (name, value) -> true);
	}

}
