package dev.passwordreset.api.identitycenter;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reverse of the journeys' validation: the bounds the OpenAPI document states are the
 * server's. Each value is drawn from the document itself, at the bound and one past it:
 * the server takes the first and refuses the second with a 400, so a bound that drifts on
 * either side fails here.
 */
@ApiTest
class DocumentedConstraintsTests {

	@LocalServerPort
	int port;

	HttpApi api;

	HttpApi admin;

	JsonNode document;

	JsonNode schemas;

	@BeforeEach
	void readTheDocument() {
		this.api = HttpApi.on(this.port);
		this.admin = this.api.as(TestCredentials.MANAGEMENT);
		ApiResponse document = this.api.get("/v3/api-docs");
		assertThat(document.status()).isEqualTo(200);
		this.document = document.json();
		this.schemas = this.document.at("/components/schemas");
	}

	@Test
	void createUserTakesTheLongestDocumentedUserNameAndNoLonger() {
		String store = IdentityCenterFixtures.createStore(this.admin);
		int max = bound("CreateUserRequest", "user_name", "maxLength");
		String users = "/v1/identity-stores/" + store + "/users";
		assertThat(this.admin.post(users, userNamed("u".repeat(max))).status()).isEqualTo(201);
		assertThat(this.admin.post(users, userNamed("v".repeat(max + 1))).status()).isEqualTo(400);
		assertThat(this.admin.post(users, userNamed("a b")).status()).as("outside the documented pattern")
			.isEqualTo(400);
		assertThat(this.admin.post(users, "{\"user_name\": null}").status()).as("user_name is not nullable")
			.isEqualTo(400);
	}

	@Test
	void tokensTakeTheDocumentedLifetimesAndNoOthers() {
		TestCredentials key = IdentityCenterFixtures.createAccessKey(this.admin,
				IdentityCenterFixtures.createAccount(this.admin));
		HttpApi holder = this.api.as(key);
		int min = bound("TokenRequest", "duration_seconds", "minimum");
		int max = bound("TokenRequest", "duration_seconds", "maximum");
		assertThat(holder.post("/v1/auth/tokens", lifetime(min)).status()).isEqualTo(200);
		assertThat(holder.post("/v1/auth/tokens", lifetime(max)).status()).isEqualTo(200);
		assertThat(holder.post("/v1/auth/tokens", lifetime(min - 1)).status()).isEqualTo(400);
		assertThat(holder.post("/v1/auth/tokens", lifetime(max + 1)).status()).isEqualTo(400);
		int longest = bound("SecurityTokenRequest", "duration_seconds", "maximum");
		assertThat(holder.post("/v3.0/OS-CREDENTIAL/securitytokens", lifetime(longest + 1)).status()).isEqualTo(400);
		assertThat(holder.post("/v3.0/OS-CREDENTIAL/securitytokens", lifetime(longest)).status()).isEqualTo(201);
	}

	@Test
	void forgotPasswordRefusesAStoreIdPastItsDocumentedLength() {
		int max = bound("ForgotPasswordRequest", "identity_store_id", "maxLength");
		ApiResponse tooLong = this.api.post("/v1/password-resets",
				"{\"identity_store_id\": \"" + "d".repeat(max + 1) + "\", \"user_name\": \"someone\"}");
		assertThat(tooLong.status()).isEqualTo(400);
	}

	@Test
	void createOtpRefusesAnAppNamePastItsDocumentedLengthAndAMissingOne() {
		int max = bound("CreateOtpRequest", "appName", "maxLength");
		String createOtp = "/oam/services/rest/auth/api/v1/mfa/createOTP";
		assertThat(this.admin
			.post(createOtp,
					"{\"appName\": \"" + "a".repeat(max + 1)
							+ "\", \"deliveryChannel\": \"custom\", \"userId\": \"someone\"}")
			.status()).isEqualTo(400);
		assertThat(this.schemas.at("/CreateOtpRequest/required").toString()).contains("appName");
		assertThat(this.admin.post(createOtp, "{\"deliveryChannel\": \"custom\", \"userId\": \"someone\"}").status())
			.isEqualTo(400);
	}

	@Test
	void pagedListsRefuseALimitOrMarkerPastTheirDocumentedBounds() {
		JsonNode parameters = this.document.at("/paths/~1v1~1instances/get/parameters");
		int maxLimit = parameter(parameters, "limit").at("/schema/maximum").asInt();
		int maxMarker = parameter(parameters, "marker").at("/schema/maxLength").asInt();
		assertThat(this.admin.get("/v1/instances?limit=" + maxLimit).status()).isEqualTo(200);
		assertThat(this.admin.get("/v1/instances?limit=" + (maxLimit + 1)).status()).isEqualTo(400);
		assertThat(this.admin.get("/v1/instances?limit=0").status()).isEqualTo(400);
		assertThat(this.admin.get("/v1/instances?marker=" + "m".repeat(maxMarker + 1)).status()).isEqualTo(400);
	}

	private static JsonNode parameter(JsonNode parameters, String name) {
		for (JsonNode parameter : parameters) {
			if (parameter.get("name").asString().equals(name)) {
				return parameter;
			}
		}
		throw new AssertionError("no parameter " + name);
	}

	private int bound(String schema, String property, String keyword) {
		JsonNode value = this.schemas.at("/" + schema + "/properties/" + property + "/" + keyword);
		assertThat(value.isNumber()).as("%s.%s has a %s", schema, property, keyword).isTrue();
		return value.asInt();
	}

	private static String userNamed(String name) {
		return "{\"user_name\": \"" + name + "\"}";
	}

	private static String lifetime(int seconds) {
		return "{\"duration_seconds\": " + seconds + "}";
	}

}
