package dev.passwordreset.api.identitycenter;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code identity-center} group describes bodies as the face writes and reads them:
 * in snake_case, as {@code spring.jackson.property-naming-strategy} makes them.
 */
@ApiTest
// Left out of the PostgreSQL pass: it reads the API description only, no table.
@Tag("database-free")
class IdentityCenterOpenApiTests {

	@LocalServerPort
	int port;

	@Test
	void schemasUseTheSnakeCaseNamesOnTheWire() {
		JsonNode schemas = group().at("/components/schemas");
		assertThat(schemas.at("/ResetPasswordRequest/properties").propertyNames()).containsExactly("mode");
		assertThat(schemas.at("/CreateUserRequest/properties").propertyNames()).contains("user_name", "display_name",
				"phone_numbers", "password_mode");
		assertThat(schemas.at("/CreateUserRequest/required").toString()).isEqualTo("[\"user_name\"]");
		schemas.properties()
			.forEach((schema) -> assertThat(schema.getValue().path("properties").propertyNames()).as(schema.getKey())
				.allMatch((name) -> name.matches("[a-z][a-z0-9_]*")));
	}

	@Test
	void theGroupDescribesTheFaceAndItsErrorBody() {
		JsonNode group = group();
		assertThat(group.at("/info/description").asString()).contains("error_code", "error_msg", "request_id");
		assertThat(group.at("/components/schemas").has("IdentityCenterError")).isTrue();
		assertThat(group.at("/components/schemas").has("OamResponse")).isFalse();
		assertThat(group.at("/paths/~1v1~1identity-stores~1{identity_store_id}~1users/post/responses/409/description")
			.asString()).contains("IIC.1257");
	}

	private JsonNode group() {
		return HttpApi.on(this.port).get("/v3/api-docs/" + IdentityCenterOpenApi.GROUP).json();
	}

}
