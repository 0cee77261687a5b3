package dev.passwordreset.api.oam;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.security.SdkRequestSigner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance whose pool holds a single connection answers every kind of caller on every
 * request path. A request that kept the connection of its caller lookup (key, token,
 * role) across the controller, or opened a second transaction inside its first, would
 * wait for a connection that only it could give back, and be answered 503 after the
 * pool's wait.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneConnectionPerRequestTests {

	@LocalServerPort
	int port;

	ConfigurableApplicationContext single;

	int singlePort;

	HttpApi admin;

	JsonNode bearer;

	JsonNode temporaryKey;

	@BeforeAll
	void startAnInstanceWithOneConnection() {
		this.single = new SpringApplicationBuilder(PasswordResetApplication.class).run("--server.port=0",
				"--spring.datasource.hikari.maximum-pool-size=1", "--spring.datasource.hikari.minimum-idle=1",
				// Flyway holds two connections while it migrates; its own data source
				// keeps it off the pool.
				"--spring.flyway.url=${spring.datasource.url}", "--spring.flyway.user=${spring.datasource.username}",
				"--spring.flyway.password=${spring.datasource.password:}",
				"--reset.trusted-proxies=" + ApiTest.TRUSTED_PROXY);
		this.singlePort = Integer.parseInt(this.single.getEnvironment().getProperty("local.server.port"));
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.bearer = this.admin.post("/v1/auth/tokens", "{\"duration_seconds\": 900}").json();
		this.temporaryKey = this.admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{\"duration_seconds\": 900}")
			.json()
			.get("credential");
		TestSecrets.remember(this.bearer.get("access_token").asString());
		TestSecrets.remember(this.temporaryKey.get("secret").asString());
		TestSecrets.remember(this.temporaryKey.get("securitytoken").asString());
	}

	@AfterAll
	void stopIt() {
		this.single.close();
	}

	/** How a kind of caller signs one request. */
	enum Caller {

		ACCESS_KEY_WITH_BASIC((call) -> call.api().as(TestCredentials.MANAGEMENT)),

		ACCESS_KEY_WITH_SIGNATURE((call) -> call.signed(TestCredentials.MANAGEMENT.accessKeyId(),
				TestCredentials.MANAGEMENT.secret(), null)),

		BEARER_TOKEN((call) -> call.api()
			.header("Authorization", "Bearer " + call.test().bearer.get("access_token").asString())),

		TEMPORARY_KEY_WITH_SECURITY_TOKEN((call) -> call.signed(call.test().temporaryKey.get("access").asString(),
				call.test().temporaryKey.get("secret").asString(),
				call.test().temporaryKey.get("securitytoken").asString()));

		private final Function<Call, HttpApi> presenter;

		Caller(Function<Call, HttpApi> presenter) {
			this.presenter = presenter;
		}

	}

	@ParameterizedTest
	@EnumSource(Caller.class)
	void everyRequestPathIsAnsweredWithOneConnection(Caller caller) {
		OamFixtures.Store store = OamFixtures.createStore(this.admin);
		String email = "single-" + UUID.randomUUID() + "@example.com";
		String userId = OamFixtures.createUser(this.admin, store, "single", email, null);
		String user = "/v1/identity-stores/" + store.id() + "/users/" + userId;

		assertThat(send(caller, "GET", user, null)).extracting(ApiResponse::status).isEqualTo(200);
		ApiResponse otp = send(caller, "POST", user + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(otp.status()).as(otp.body()).isEqualTo(200);
		TestSecrets.remember(otp.text("password"));
		ApiResponse link = send(caller, "POST", user + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(link.status()).as(link.body()).isEqualTo(200);
		ApiResponse signIn = send(caller, "POST", "/v1/identity-stores/" + store.id() + "/authenticate",
				"{\"user_name\": \"single\", \"password\": \"" + otp.text("password") + "\"}");
		assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);

		ApiResponse created = send(caller, "POST", OamFixtures.MFA + "/createOTP",
				OamFixtures.JSON.createObjectNode()
					.put("appName", "single-app")
					.put("deliveryChannel", "custom")
					.put("userId", "single")
					.put("idStore", store.name())
					.toString());
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		OamFixtures.Issued code = new OamFixtures.Issued(created.text("correlationId"), created.text("minorCode"));
		TestSecrets.remember(code.code());
		String reset = OamFixtures.JSON
			.createObjectNode().<tools.jackson.databind.node.ObjectNode>set("otp",
					OamFixtures.otp(store, "single", "single-app", code))
			.put("password", OamFixtures.GOOD_PASSWORD)
			.toString();
		ApiResponse changed = send(caller, "POST",
				OamFixtures.PSWD + "/PasswordResetRequestsWithOTP/single/" + store.name(), reset);
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
	}

	private ApiResponse send(Caller caller, String method, String path, @Nullable String body) {
		HttpApi api = caller.presenter.apply(new Call(this, method, path, body));
		return api.send(method, path, (body != null) ? "application/json" : null, body);
	}

	/** One request about to be signed. */
	record Call(OneConnectionPerRequestTests test, String method, String path, @Nullable String body) {

		HttpApi api() {
			return HttpApi.on(this.test.singlePort);
		}

		HttpApi signed(String accessKeyId, String secret, @Nullable String securityToken) {
			return SdkRequestSigner.signed(api(), this.test.singlePort, this.method, this.path, this.body, accessKeyId,
					secret, securityToken, Instant.now());
		}

	}

}
