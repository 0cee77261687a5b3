package dev.passwordreset.api.identitycenter;

import java.util.List;
import java.util.regex.Pattern;

import dev.passwordreset.HttpApi.ApiResponse;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error of the {@code /v1} face must look like.
 */
final class IdentityCenterAssertions {

	/** Anything that would reveal how the service is built. */
	private static final Pattern INTERNALS = Pattern.compile(
			"(?i)exception|\\.java|\\bat [a-z]+\\.|tools\\.jackson|com\\.fasterxml|org\\.springframework|org\\.hibernate|"
					+ "dev\\.passwordreset|\\bselect\\b|\\binsert\\b|\\bupdate [a-z_]+ set\\b|constraint|sqlstate|jdbc");

	private IdentityCenterAssertions() {
	}

	static JsonNode assertError(ApiResponse response, int status, String errorCode) {
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		JsonNode body = response.json();
		List<String> fields = body.propertyNames().stream().toList();
		if (status == 403) {
			assertThat(fields).contains("error_code", "error_msg", "request_id");
		}
		else {
			assertThat(fields).containsExactlyInAnyOrder("error_code", "error_msg", "request_id");
		}
		assertThat(body.get("error_code").asString()).isEqualTo(errorCode);
		assertThat(body.get("error_msg").asString()).isNotBlank().doesNotContainPattern(INTERNALS);
		assertThat(body.get("request_id").asString()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
		return body;
	}

}
