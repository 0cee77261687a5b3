package dev.passwordreset.api.oam;

import java.util.regex.Pattern;

import dev.passwordreset.HttpApi.ApiResponse;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer of the OAM face must look like.
 */
final class OamAssertions {

	/** Anything that would reveal how the service is built. */
	static final Pattern INTERNALS = Pattern.compile(
			"(?i)exception|\\.java|\\bat [a-z]+\\.|tools\\.jackson|com\\.fasterxml|org\\.springframework|org\\.hibernate|"
					+ "dev\\.passwordreset|\\bselect\\b|\\binsert\\b|\\bupdate [a-z_]+ set\\b|constraint|sqlstate|jdbc");

	private OamAssertions() {
	}

	static JsonNode assertResult(ApiResponse response, int status, String resultCode, String minorCode) {
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		JsonNode body = response.json();
		assertThat(body.propertyNames()).contains("message", "minorCode", "resultCode");
		assertThat(body.get("resultCode").asString()).as(response.body()).isEqualTo(resultCode);
		assertThat(body.get("minorCode").asString()).isEqualTo(minorCode);
		assertThat(body.get("message").asString()).isNotBlank().doesNotContainPattern(INTERNALS);
		return body;
	}

	static JsonNode assertSuccess(ApiResponse response) {
		return assertResult(response, 200, "0", "0");
	}

}
