package dev.passwordreset.api.identitycenter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
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

	/**
	 * The audit records of a type since a moment whose resource starts with a prefix,
	 * newest first, as "outcome action resource reason"; each must name the management
	 * account, which the tests call as.
	 */
	static List<String> auditOf(HttpApi admin, String type, Instant since, String resourcePrefix) {
		List<String> records = new ArrayList<>();
		admin.get("/v1/audit-events?type=" + type + "&limit=100&from=" + since)
			.json()
			.get("audit_events")
			.forEach((event) -> {
				if (event.has("resource") && event.get("resource").asString().startsWith(resourcePrefix)) {
					assertThat(event.get("account_id").asString()).isEqualTo(TestCredentials.MANAGEMENT_ACCOUNT_ID);
					records.add(event.get("outcome").asString() + " " + event.get("action").asString() + " "
							+ event.get("resource").asString() + " " + event.get("reason").asString());
				}
			});
		return records;
	}

}
