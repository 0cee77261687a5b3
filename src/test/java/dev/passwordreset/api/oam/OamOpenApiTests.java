package dev.passwordreset.api.oam;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code oam} group describes OAM's camelCase bodies, whatever the service's global
 * snake_case, and carries the table of every {@link OamResult} in its description.
 */
@ApiTest
// Left out of the PostgreSQL pass: it reads the API description only, no table.
@Tag("database-free")
class OamOpenApiTests {

	@LocalServerPort
	int port;

	@Test
	void schemasUseOamsCamelCaseNames() {
		JsonNode schemas = group().at("/components/schemas");
		assertThat(schemas.at("/CreateOtpRequest/properties").propertyNames()).contains("appName", "deliveryChannel",
				"userId", "idStore", "sessionId");
		assertThat(schemas.at("/CreateOtpResponse/properties").propertyNames())
			.containsExactlyInAnyOrder("correlationId", "message", "minorCode", "resultCode");
		assertThat(schemas.at("/PolicyMessage/properties").propertyNames()).containsExactlyInAnyOrder("displayValue",
				"resourceBundleKey");
		schemas.properties()
			.forEach((schema) -> assertThat(schema.getValue().path("properties").propertyNames()).as(schema.getKey())
				.noneMatch((name) -> name.contains("_")));
	}

	@Test
	void theDescriptionTabulatesEveryResult() {
		String description = group().at("/info/description").asString();
		for (OamResult result : OamResult.values()) {
			assertThat(description).contains("| " + result.status() + " | `" + result.resultCode() + "` | `"
					+ result.minorCode() + "` | " + result.message() + " |");
		}
	}

	@Test
	void errorsAreDescribedWithTheirResultCodes() {
		JsonNode createOtp = group().at("/paths/~1oam~1services~1rest~1auth~1api~1v1~1mfa~1createOTP/post");
		assertThat(createOtp.at("/responses/200/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/CreateOtpResponse");
		assertThat(createOtp.at("/responses/429/description").asString()).contains("RATE_LIMITED");
		assertThat(createOtp.at("/responses/401/description").asString()).contains("11", "UNAUTHENTICATED");
		assertThat(createOtp.at("/responses/422/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/OamResponse");
	}

	private JsonNode group() {
		return HttpApi.on(this.port).get("/v3/api-docs/" + OamOpenApi.GROUP).json();
	}

}
