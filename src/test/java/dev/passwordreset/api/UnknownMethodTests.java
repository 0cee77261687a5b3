package dev.passwordreset.api;

import java.util.Map;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method HTTP does not define, on a route of any face, is 405 in that face's format
 * with {@code Allow} and the security headers every other answer has, and is audited; the
 * firewall used to answer it with a bare 400 before any chain ran.
 */
@ApiTest
class UnknownMethodTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@ParameterizedTest(name = "{0} {1} as {2}")
	@CsvSource({ "FOO, /v1/instances, management, 'GET, HEAD, OPTIONS'",
			"PROPFIND, /v1/identity-stores, management, 'POST, OPTIONS'",
			"FOO, /v3.0/OS-CREDENTIAL/securitytokens, management, 'POST, OPTIONS'",
			"FOO, /v1/password-resets, anonymous, 'POST, OPTIONS'",
			"FOO, /oam/services/rest/auth/api/v1/mfa/createOTP, management, 'POST, OPTIONS'",
			"FOO, /actuator/prometheus, management, 'GET, HEAD, OPTIONS'",
			"FOO, /actuator/health, anonymous, 'GET, HEAD, OPTIONS'",
			"FOO, /reset-password, anonymous, 'GET, HEAD, POST, OPTIONS'" })
	void aMadeUpMethodIsNotAllowedInTheFacesFormatWithTheSecurityHeaders(String method, String path, String caller,
			String allow) {
		String requestId = "madeup-" + UUID.randomUUID().toString().replace("-", "");
		HttpApi api = HttpApi.on(this.port).header("X-Request-Id", requestId);
		ApiResponse response = (caller.equals("management") ? api.as(TestCredentials.MANAGEMENT) : api).send(method,
				path, null, null);

		assertThat(response.status()).as(response.body()).isEqualTo(405);
		assertThat(response.header("Allow")).isEqualTo(allow);
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
		if (path.equals("/reset-password")) {
			// The pages answer in their own format: an HTML page that may not be framed
			// at all.
			assertThat(response.header("Content-Type")).startsWith("text/html");
			assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
			assertThat(response.body()).contains("Method Not Allowed").doesNotContain(method);
		}
		else {
			assertThat(response.header("Content-Type")).startsWith("application/json");
			assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		}
		String body = path.equals("/reset-password") ? response.body() : faceBody(path, response, requestId);
		assertThat(body).doesNotContain(method);
		Map<String, Object> audited = this.jdbc.queryForMap(
				"select event_type, outcome, resource, reason from audit_event where request_id = ?", requestId);
		assertThat(audited).containsEntry("event_type", "ACCESS_DENIED")
			.containsEntry("outcome", "DENIED")
			.containsEntry("resource", path);
		assertThat((String) audited.get("reason")).startsWith("METHOD_NOT_ALLOWED").doesNotContain(method);
	}

	/** The error in the face's JSON format, checked field by field. */
	private static String faceBody(String path, ApiResponse response, String requestId) {
		JsonNode body = response.json();
		if (path.startsWith("/oam/")) {
			assertThat(body.propertyNames()).containsExactlyInAnyOrder("message", "minorCode", "resultCode");
			assertThat(body.get("resultCode").asString()).isEqualTo("18");
			assertThat(body.get("minorCode").asString()).isEqualTo("METHOD_NOT_ALLOWED");
		}
		else {
			assertThat(body.propertyNames()).containsExactlyInAnyOrder("error_code", "error_msg", "request_id");
			assertThat(body.get("error_code").asString()).isEqualTo("IIC.405");
			assertThat(body.get("request_id").asString()).isEqualTo(requestId);
		}
		return body.toString();
	}

	@ParameterizedTest(name = "TRACE {0}")
	@CsvSource({ "/v1/instances", "/oam/services/rest/auth/api/v1/mfa/createOTP", "/actuator/health",
			"/reset-password" })
	void traceIsRefusedByTheContainerWithTheSecurityHeadersToo(String path) {
		ApiResponse response = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT).send("TRACE", path, null, null);
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Content-Type"))
			.startsWith(path.equals("/reset-password") ? "text/html" : "application/json");
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(response.body()).doesNotContain("Authorization", TestCredentials.MANAGEMENT.accessKeyId());
	}

}
