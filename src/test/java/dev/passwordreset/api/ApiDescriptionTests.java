package dev.passwordreset.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description against what the application really maps: every API operation
 * of both faces is described, in its face's group, with a summary, its credentials and
 * its error bodies; the description is open, and opens nothing else.
 */
@ApiTest
// Left out of the PostgreSQL pass: it reads the API description and the mappings only,
// no table.
@Tag("database-free")
class ApiDescriptionTests {

	/**
	 * Registered paths that are not API and so stay out of the description: the HTML
	 * pages, the error page and springdoc's own endpoints. Any other mapping must be
	 * described.
	 */
	private static final Set<String> NOT_API = Set.of("/error", "/reset-password", "/forgot-password", "/v3/api-docs",
			"/v3/api-docs/{group}", "/v3/api-docs.yaml", "/v3/api-docs.yaml/{group}", "/v3/api-docs/swagger-config",
			"/swagger-ui.html");

	/**
	 * Operations that need no credentials: the token in the body is the credential, or
	 * none is needed.
	 */
	private static final Set<String> OPEN = Set.of("POST /v1/password-resets", "POST /v1/password-resets/confirm");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theDescriptionListsEveryOperationTheApplicationMaps() {
		Set<String> mapped = new TreeSet<>();
		Set<String> patterns = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				patterns.add(pattern);
				if (NOT_API.contains(pattern)) {
					continue;
				}
				assertThat(methods).as("%s maps every method; say which", pattern).isNotEmpty();
				methods.forEach((method) -> mapped.add(method + " " + pattern));
			}
		}
		assertThat(patterns).as("the excluded paths are really mapped").containsAll(NOT_API);

		assertThat(operations(document("/v3/api-docs"))).containsExactlyInAnyOrderElementsOf(mapped);
		Set<String> grouped = new TreeSet<>(operations(document("/v3/api-docs/identity-center")));
		grouped.addAll(operations(document("/v3/api-docs/oam")));
		assertThat(grouped).containsExactlyInAnyOrderElementsOf(mapped);
	}

	@Test
	void eachGroupHoldsItsOwnFaceOnly() {
		assertThat(operations(document("/v3/api-docs/identity-center"))).isNotEmpty()
			.allMatch((operation) -> operation.matches("[A-Z]+ /(v1|v3\\.0|v5)/.*"));
		assertThat(operations(document("/v3/api-docs/oam"))).isNotEmpty()
			.allMatch((operation) -> operation.matches("[A-Z]+ /oam/.*"));
	}

	@Test
	void everyOperationHasASummaryItsCredentialsAndItsFacesErrorBodies() {
		JsonNode document = document("/v3/api-docs");
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((entry) -> {
			String operation = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
			JsonNode described = entry.getValue();
			String error = path.getKey().startsWith("/oam/") ? "OamResponse" : "IdentityCenterError";
			assertThat(described.path("summary").asString()).as(operation).isNotBlank();
			assertThat(described.get("responses").propertyNames()).as("%s answers with success", operation)
				.anyMatch((status) -> status.startsWith("2"));
			List<String> errorStatuses = new ArrayList<>(List.of("400", "404", "500", "503"));
			if (OPEN.contains(operation)) {
				assertThat(described.get("security")).as(operation).isEmpty();
			}
			else {
				assertThat(described.get("security").toString()).as(operation)
					.isEqualTo("[{\"basic\":[]},{\"bearer\":[]},{\"sdk-hmac-sha256\":[]}]");
				errorStatuses.addAll(List.of("401", "403"));
			}
			for (String status : errorStatuses) {
				assertThat(described.at("/responses/" + status + "/content/application~1json/schema/$ref").asString())
					.as("%s %s", operation, status)
					.isEqualTo("#/components/schemas/" + error);
			}
			described.get("responses")
				.properties()
				.stream()
				.filter((response) -> response.getKey().matches("[45]\\d\\d"))
				.forEach((response) -> assertThat(
						response.getValue().at("/content/application~1json/schema/$ref").asString())
					.as("%s %s", operation, response.getKey())
					.isEqualTo("#/components/schemas/" + error));
		}));
		assertThat(document.at("/components/schemas/IdentityCenterError/properties").propertyNames())
			.containsExactlyInAnyOrder("error_code", "error_msg", "request_id", "encoded_authorization_message");
		assertThat(document.at("/components/schemas/OamResponse/properties").propertyNames())
			.containsExactlyInAnyOrder("message", "minorCode", "resultCode", "messages");
	}

	@Test
	void everyOperationListsTheRefusalsAnyRequestCanMeetWithRetryAfterWhereItApplies() {
		JsonNode document = document("/v3/api-docs");
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((entry) -> {
			String operation = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
			JsonNode responses = entry.getValue().get("responses");
			assertThat(responses.propertyNames()).as(operation)
				.contains("400", "404", "405", "406", "413", "429", "500", "503");
			for (String status : List.of("429", "503")) {
				JsonNode retryAfter = responses.at("/" + status + "/headers/Retry-After");
				assertThat(retryAfter.path("required").asBoolean()).as("%s %s", operation, status).isTrue();
				assertThat(retryAfter.at("/schema/type").asString()).isEqualTo("integer");
			}
			if (!entry.getKey().equals("get") && !path.getKey().startsWith("/oam/")) {
				assertThat(responses.propertyNames()).as("%s can lose to a concurrent change", operation)
					.contains("409");
			}
		}));
	}

	@Test
	void theErrorBodiesRequireWhatTheServiceAlwaysWrites() {
		JsonNode schemas = document("/v3/api-docs").at("/components/schemas");
		assertThat(schemas.at("/IdentityCenterError/required").toString())
			.isEqualTo("[\"error_code\",\"error_msg\",\"request_id\"]");
		assertThat(schemas.at("/OamResponse/required").toString())
			.isEqualTo("[\"message\",\"minorCode\",\"resultCode\"]");
	}

	@Test
	void theSecuritySchemesAreBasicBearerAndTheSdkSignature() {
		JsonNode schemes = document("/v3/api-docs").at("/components/securitySchemes");
		assertThat(schemes.at("/basic/type").asString()).isEqualTo("http");
		assertThat(schemes.at("/basic/scheme").asString()).isEqualTo("basic");
		assertThat(schemes.at("/bearer/type").asString()).isEqualTo("http");
		assertThat(schemes.at("/bearer/scheme").asString()).isEqualTo("bearer");
		JsonNode signature = schemes.get("sdk-hmac-sha256");
		assertThat(signature.get("type").asString()).isEqualTo("apiKey");
		assertThat(signature.get("in").asString()).isEqualTo("header");
		assertThat(signature.get("name").asString()).isEqualTo("Authorization");
		assertThat(signature.get("description").asString()).contains("SDK-HMAC-SHA256", "X-Sdk-Date",
				"X-Security-Token");
	}

	@Test
	void theDescriptionAndTheUiNeedNoCredentials() {
		HttpApi anonymous = HttpApi.on(this.port);
		for (String path : List.of("/v3/api-docs", "/v3/api-docs/identity-center", "/v3/api-docs/oam",
				"/v3/api-docs.yaml", "/v3/api-docs.yaml/oam", "/v3/api-docs/swagger-config",
				"/swagger-ui/index.html")) {
			assertThat(anonymous.get(path).status()).as(path).isEqualTo(200);
		}
		assertThat(anonymous.get("/swagger-ui.html").status()).isEqualTo(302);
		assertThat(anonymous.get("/v3/api-docs/swagger-config").json().get("urls").findValuesAsString("url"))
			.containsExactlyInAnyOrder("/v3/api-docs/identity-center", "/v3/api-docs/oam");
		assertThat(document("/v3/api-docs").get("openapi").asString()).startsWith("3.1");
	}

	@Test
	void theFacesStillRefuseCallersWithoutCredentials() {
		HttpApi anonymous = HttpApi.on(this.port);
		ApiResponse identityCenter = anonymous.get("/v1/instances");
		assertThat(identityCenter.status()).isEqualTo(401);
		assertThat(identityCenter.text("error_code")).isEqualTo("APIGW.0301");
		ApiResponse oam = anonymous.get("/oam/services/rest/access/api/v1/pswdmanagement/UserPasswordPolicyRetriever");
		assertThat(oam.status()).isEqualTo(401);
		assertThat(oam.text("resultCode")).isEqualTo("11");
		// Only reading the description is open; the route table takes no other method.
		ApiResponse write = anonymous.post("/v3/api-docs", "{}");
		assertThat(write.status()).isEqualTo(405);
		assertThat(write.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
	}

	private JsonNode document(String path) {
		ApiResponse response = HttpApi.on(this.port).get(path);
		assertThat(response.status()).as(path).isEqualTo(200);
		return response.json();
	}

	/** {@code METHOD /path} for every operation a description holds. */
	static Set<String> operations(JsonNode document) {
		Set<String> operations = new TreeSet<>();
		document.get("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.forEach((method) -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
		return operations;
	}

}
