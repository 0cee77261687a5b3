package dev.passwordreset.api.identitycenter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every error of the {@code /v1} face is {@code {error_code, error_msg, request_id}} with
 * Huawei's code for its status, and every response, success or error, carries
 * {@code X-Request-Id}.
 */
@ApiTest
class ErrorFormatTests {

	/** What the service generates when the client sent no usable id. */
	private static final Pattern GENERATED_ID = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	@LocalServerPort
	int port;

	HttpApi anonymous;

	HttpApi admin;

	@BeforeEach
	void clients() {
		this.anonymous = HttpApi.on(this.port);
		this.admin = this.anonymous.as(TestCredentials.MANAGEMENT);
	}

	// 400

	@Test
	void malformedBodyIsBadRequest() {
		assertError(this.admin.post("/v1/identity-stores", "{"), 400, "IIC.400");
	}

	@Test
	void invalidValueIsBadRequestNamingTheField() {
		JsonNode body = assertError(this.admin.post("/v1/identity-stores", "{\"name\": \"no spaces allowed\"}"), 400,
				"IIC.400");
		assertThat(body.get("error_msg").asString()).startsWith("Bad Request: ").contains("name");
	}

	static Stream<Arguments> requestsTheContainerRefuses() {
		return Stream.of(Arguments.of("NUL in the path", "/v1/identity-stores/%00/users"),
				Arguments.of("encoded slash", "/v1/identity-stores/a%2Fb/users"),
				Arguments.of("broken percent escape", "/v1/identity-stores/%zz/users"),
				Arguments.of("overlong UTF-8", "/v1/identity-stores/%C0%AF/users"),
				Arguments.of("request line over 8 KB", "/v1/identity-stores/" + "x".repeat(9000) + "/users"),
				Arguments.of("NUL outside the API", "/%00"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestsTheContainerRefuses")
	void requestsTheContainerRefusesAreBadRequestInTheSameFormat(String description, String path) {
		ApiResponse response = this.admin.sendRaw("GET " + path + " HTTP/1.1");
		assertError(response, 400, "IIC.400");
		assertThat(response.header("X-Request-Id")).matches(GENERATED_ID);
	}

	// 401

	@Test
	void missingCredentialsAreRefusedWithTheGatewayCode() {
		ApiResponse response = this.anonymous.get("/v1/instances");
		assertError(response, 401, "APIGW.0301");
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic ");
	}

	@Test
	void wrongSecretIsRefused() {
		HttpApi wrongSecret = this.anonymous.as(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
				"WrongSecretWrongSecretWrongSecret0123456"));
		assertError(wrongSecret.get("/v1/instances"), 401, "APIGW.0301");
		assertError(wrongSecret.post("/v1/identity-stores", "{\"name\": \"never-created\"}"), 401, "APIGW.0301");
	}

	@Test
	void unknownAccessKeyIsRefused() {
		HttpApi unknown = this.anonymous
			.as(new TestCredentials("AKNOSUCHKEY000000000", TestCredentials.MANAGEMENT.secret()));
		assertError(unknown.get("/v1/instances"), 401, "APIGW.0301");
	}

	static Stream<Arguments> malformedAuthorizations() {
		return Stream.of(Arguments.of("Basic with a non-base64 token", "Basic !!!"),
				Arguments.of("Basic without a colon", "Basic " + base64("AKTESTMANAGEMENT0001")),
				Arguments.of("Bearer token", "Bearer x"), Arguments.of("Basic without a token", "Basic"),
				Arguments.of("Digest", "Digest username=\"AKTESTMANAGEMENT0001\""),
				Arguments.of("Basic with an empty id and secret", "Basic " + base64(":")),
				Arguments.of("Basic with an empty secret", "Basic " + base64("AKTESTMANAGEMENT0001:")),
				Arguments.of("Basic with a NUL in the id", "Basic " + base64("AKTEST\u0000MANAGEMENT01:secret")),
				Arguments.of("Basic with a 4 KB id", "Basic " + base64("A".repeat(4096) + ":secret")),
				Arguments.of("Basic with SQL in the id", "Basic " + base64("' OR '1'='1:secret")),
				Arguments.of("Basic with bytes that are not UTF-8", "Basic "
						+ Base64.getEncoder().encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe, ':', 'x' })));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedAuthorizations")
	void malformedAuthorizationIsRefused(String description, String authorization) {
		assertError(this.anonymous.header("Authorization", authorization).get("/v1/instances"), 401, "APIGW.0301");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/nothing", "/v1", "/v1/identity-stores/d-0000000000/users/nobody" })
	void unknownRoutesUnderTheApiNeedCredentialsFirst(String path) {
		assertError(this.anonymous.get(path), 401, "APIGW.0301");
	}

	// 403

	@Test
	void memberAccountIsDeniedAdministrationNamingTheAction() {
		String accountId = IdentityCenterFixtures.createAccount(this.admin);
		HttpApi member = this.anonymous.as(IdentityCenterFixtures.createAccessKey(this.admin, accountId));
		String store = IdentityCenterFixtures.createStore(this.admin);

		assertDenied(member.get("/v1/identity-stores/" + store + "/users"), "identitystore:user:list");
		assertDenied(member.post("/v1/identity-stores", "{\"name\": \"never-created\"}"),
				"identitystore:identityStores:create");
		assertDenied(member.get("/v1/organization"), "organizations:organizations:get");
		assertDenied(member.get("/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys"),
				"iam:credentials:list");
		// The key itself is good: the member may manage its own keys.
		assertThat(member.get("/v1/accounts/" + accountId + "/access-keys").status()).isEqualTo(200);
	}

	@Test
	void delegatedAdministratorManagesUsersButNotTheOrganization() {
		String accountId = IdentityCenterFixtures.createAccount(this.admin);
		HttpApi delegated = this.anonymous.as(IdentityCenterFixtures.createAccessKey(this.admin, accountId));
		String users = "/v1/identity-stores/" + IdentityCenterFixtures.createStore(this.admin) + "/users";
		assertDenied(delegated.get(users), "identitystore:user:list");

		ApiResponse registered = this.admin.post("/v1/organization/delegated-administrators/" + accountId);
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);

		assertThat(delegated.get(users).status()).isEqualTo(200);
		assertThat(delegated.post(users, "{\"user_name\": \"delegated-made\"}").status()).isEqualTo(201);
		assertDenied(delegated.get("/v1/organization"), "organizations:organizations:get");
		assertDenied(delegated.post("/v1/organization/accounts", "{\"name\": \"never-created\"}"),
				"organizations:accounts:create");
		assertDenied(delegated.post("/v1/organization/delegated-administrators/" + accountId),
				"organizations:delegatedAdministrators:register");
	}

	private static void assertDenied(ApiResponse response, String action) {
		JsonNode body = assertError(response, 403, "IIC.1000");
		assertThat(body.get("error_msg").asString()).contains(action);
	}

	// 404

	@ParameterizedTest
	@ValueSource(strings = { "/v1/nothing", "/v1", "/v1/", "/v1/instances/extra",
			"/v1/identity-stores/d-0000000000/identity-store-summary",
			"/v1/identity-stores/d-0000000000/password-policy" })
	void unknownResourceUnderTheApiIsNotFound(String path) {
		assertError(this.admin.get(path), 404, "IIC.404");
	}

	@Test
	void missingUserIsNotFound() {
		String users = "/v1/identity-stores/" + IdentityCenterFixtures.createStore(this.admin) + "/users/";
		assertError(this.admin.get(users + UUID.randomUUID()), 404, "IIC.404");
		assertError(this.admin.delete(users + UUID.randomUUID()), 404, "IIC.404");
		assertError(this.admin.post(users + UUID.randomUUID() + "/enable"), 404, "IIC.404");
	}

	static Stream<Arguments> pathsOutsideTheApi() {
		return Stream.of(Arguments.of("GET", "/"), Arguments.of("GET", "/foo"), Arguments.of("GET", "/error"),
				Arguments.of("POST", "/error"), Arguments.of("DELETE", "/error"), Arguments.of("GET", "/index.html"),
				Arguments.of("GET", "/actuator"), Arguments.of("GET", "/actuator/env"),
				Arguments.of("GET", "/v2/instances"), Arguments.of("GET", "/v1x/instances"),
				Arguments.of("POST", "/foo"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("pathsOutsideTheApi")
	void pathsOutsideTheApiAreNotFoundInTheSameFormat(String method, String path) {
		assertError(this.anonymous.send(method, path, null, null), 404, "IIC.404");
		assertError(this.admin.send(method, path, null, null), 404, "IIC.404");
	}

	// 405

	@Test
	void wrongMethodIsNotAllowedAndTheAllowHeaderSaysWhatIs() {
		ApiResponse response = this.admin.delete("/v1/instances");
		assertError(response, 405, "IIC.405");
		assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");

		String user = "/v1/identity-stores/" + IdentityCenterFixtures.createStore(this.admin) + "/users/"
				+ UUID.randomUUID();
		ApiResponse patch = this.admin.send("PATCH", user, "application/json", "{}");
		assertError(patch, 405, "IIC.405");
		assertThat(patch.header("Allow")).contains("GET", "PUT", "DELETE");

		assertError(this.admin.post("/v1/organization"), 405, "IIC.405");
	}

	@Test
	void traceIsNotAllowedInTheSameFormat() {
		ApiResponse response = this.admin.send("TRACE", "/v1/instances", null, null);
		assertError(response, 405, "IIC.405");
		assertThat(response.header("Allow")).isNotBlank();
	}

	// 406

	@Test
	void xmlIsNotAcceptable() {
		assertError(this.admin.header("Accept", "application/xml").get("/v1/instances"), 406, "IIC.406");
	}

	@Test
	void errorsAreJsonWhateverTheClientAccepts() {
		assertError(this.admin.header("Accept", "application/xml").get("/v1/nothing"), 404, "IIC.404");
		assertError(this.anonymous.header("Accept", "text/html").get("/v1/instances"), 401, "APIGW.0301");
	}

	// 409

	@Test
	void duplicateNameConflictsWithTheDuplicateCode() {
		String name = IdentityCenterFixtures.uniqueName("twin");
		assertThat(this.admin.post("/v1/identity-stores", "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
		assertError(this.admin.post("/v1/identity-stores", "{\"name\": \"" + name.toUpperCase() + "\"}"), 409,
				"IIC.1257");
	}

	@Test
	void managementAccountCannotBecomeDelegatedAdministrator() {
		assertError(
				this.admin.post("/v1/organization/delegated-administrators/" + TestCredentials.MANAGEMENT_ACCOUNT_ID),
				409, "IIC.1007");
	}

	@Test
	void concurrentUpdatesOfOneUserConflictWithTheConcurrencyCode() throws Exception {
		String users = "/v1/identity-stores/" + IdentityCenterFixtures.createStore(this.admin) + "/users";
		String user = users + "/" + this.admin.post(users, "{\"user_name\": \"contended\"}").text("user_id");
		int conflicts = 0;
		for (int round = 0; round < 50 && conflicts == 0; round++) {
			for (ApiResponse response : concurrently(8,
					(i) -> this.admin.put(user,
							"{\"operations\": [{\"attribute_path\": \"display_name\", \"attribute_value\": \"caller "
									+ i + "\"}]}"))) {
				if (response.status() != 200) {
					assertError(response, 409, "IIC.1006");
					conflicts++;
				}
			}
		}
		assertThat(conflicts).as("conflicts in 50 rounds of 8 concurrent updates").isPositive();
	}

	private static List<ApiResponse> concurrently(int callers, Function<Integer, ApiResponse> call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			List<Future<ApiResponse>> futures = IntStream.range(0, callers)
				.mapToObj((i) -> (Callable<ApiResponse>) () -> {
					start.await();
					return call.apply(i);
				})
				.map(pool::submit)
				.toList();
			start.countDown();
			List<ApiResponse> responses = new ArrayList<>();
			for (Future<ApiResponse> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	// 415

	@Test
	void nonJsonBodyIsUnsupported() {
		assertError(this.admin.send("POST", "/v1/identity-stores", "text/plain", "name=x"), 415, "IIC.415");
		assertError(this.admin.send("POST", "/v1/identity-stores", "application/xml", "<name>x</name>"), 415,
				"IIC.415");
	}

	// X-Request-Id

	/** One request of each kind the id must survive: a success, a 401 and a 404. */
	enum Outcome {

		SUCCESS(200, (api) -> api.as(TestCredentials.MANAGEMENT).get("/v1/instances")),

		UNAUTHORIZED(401, (api) -> api.get("/v1/instances")),

		NOT_FOUND(404, (api) -> api.as(TestCredentials.MANAGEMENT).get("/v1/nothing"));

		final int status;

		final Function<HttpApi, ApiResponse> call;

		Outcome(int status, Function<HttpApi, ApiResponse> call) {
			this.status = status;
			this.call = call;
		}

		ApiResponse call(HttpApi api) {
			ApiResponse response = this.call.apply(api);
			assertThat(response.status()).as(response.body()).isEqualTo(this.status);
			if (this.status >= 400) {
				assertError(response, this.status, (this.status == 401) ? "APIGW.0301" : "IIC.404");
			}
			return response;
		}

	}

	static Stream<Arguments> saneRequestIds() {
		return outcomesWith("abc", "A", "Req_ID-0123", "x".repeat(64), "0123456789abcdef0123456789abcdef", "---",
				"___");
	}

	@ParameterizedTest(name = "{0} echoes \"{1}\"")
	@MethodSource("saneRequestIds")
	void saneClientRequestIdIsEchoed(Outcome outcome, String id) {
		ApiResponse response = outcome.call(this.anonymous.header("X-Request-Id", id));
		assertThat(response.header("X-Request-Id")).isEqualTo(id);
		if (outcome.status >= 400) {
			assertThat(response.text("request_id")).isEqualTo(id);
		}
	}

	static Stream<Arguments> insaneRequestIds() {
		return outcomesWith("x".repeat(65), "has space", "bang!", "", " ", "a.b", "a/b", "<script>", "id;drop", "%41",
				"tab\there", "\u00e9t\u00e9");
	}

	@ParameterizedTest(name = "{0} replaces \"{1}\"")
	@MethodSource("insaneRequestIds")
	void insaneClientRequestIdIsReplacedByAFreshOne(Outcome outcome, String id) {
		ApiResponse response = outcome.call(this.anonymous.header("X-Request-Id", id));
		assertThat(response.header("X-Request-Id")).matches(GENERATED_ID);
	}

	@ParameterizedTest
	@EnumSource(Outcome.class)
	void missingRequestIdIsGeneratedAndUniquePerRequest(Outcome outcome) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 5; i++) {
			String id = outcome.call(this.anonymous).header("X-Request-Id");
			assertThat(id).matches(GENERATED_ID);
			ids.add(id);
		}
		assertThat(ids).hasSize(5);
	}

	@Test
	void requestIdWithLineBreaksCannotBeSentByHttpClient() {
		// So the attempts to split the response go over a raw socket, below.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.admin.header("X-Request-Id", "abc\r\nX-Injected: yes").get("/v1/instances"));
	}

	static Stream<Arguments> requestIdInjections() {
		return Stream.of(Arguments.of("folded continuation line", "X-Request-Id: abc\r\n X-Injected: yes"),
				Arguments.of("bare CR", "X-Request-Id: abc\rX-Injected: yes"),
				Arguments.of("bare LF", "X-Request-Id: abc\nX-Injected: yes"),
				Arguments.of("NUL", "X-Request-Id: abc\u0000X-Injected: yes"),
				Arguments.of("two ids", "X-Request-Id: first\r\nX-Request-Id: second"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestIdInjections")
	void requestIdCannotSmuggleHeadersIntoTheResponse(String description, String headers) {
		ApiResponse response = this.admin.sendRaw("GET /v1/instances HTTP/1.1\r\n" + headers);
		assertThat(response.status()).as(response.body()).isIn(200, 400);
		assertThat(response.headers().allValues("X-Request-Id")).singleElement().asString().matches(SANE_ID);
		assertThat(response.headers().map().keySet()).noneMatch((name) -> name.equalsIgnoreCase("X-Injected"));
		if (response.status() == 400) {
			assertError(response, 400, "IIC.400");
		}
	}

	@Test
	void connectIsRefusedInTheSameFormat() {
		ApiResponse response = this.anonymous.sendRaw("CONNECT localhost:" + this.port + " HTTP/1.1");
		assertThat(response.status()).as(response.body()).isIn(405, 501);
		assertError(response, response.status(), "IIC." + response.status());
		assertThat(response.header("X-Request-Id")).matches(GENERATED_ID);
	}

	private static Stream<Arguments> outcomesWith(String... ids) {
		return Stream.of(Outcome.values()).flatMap((outcome) -> Stream.of(ids).map((id) -> Arguments.of(outcome, id)));
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
