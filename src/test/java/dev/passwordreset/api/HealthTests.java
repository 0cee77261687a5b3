package dev.passwordreset.api;

import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health}: everybody sees the status, only the management account its components.
 */
@ApiTest
class HealthTests {

	@LocalServerPort
	int port;

	@Test
	void componentsShowToTheManagementAccountOnly() {
		ApiResponse anonymous = HttpApi.on(this.port).get("/actuator/health");
		assertThat(anonymous.status()).isIn(200, 503);
		assertThat(anonymous.json().has("status")).isTrue();
		assertThat(anonymous.json().has("components")).isFalse();

		ApiResponse management = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT).get("/actuator/health");
		assertThat(management.json().get("components").propertyNames()).contains("db", "mailOutbox");

		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		String account = admin.post("/v1/organization/accounts",
				"{\"name\": \"health-" + UUID.randomUUID().toString().substring(0, 8) + "\"}").text("account_id");
		ApiResponse key = admin.post("/v1/accounts/" + account + "/access-keys");
		TestCredentials member = new TestCredentials(key.json().get("credential").get("access").asString(),
				key.json().get("credential").get("secret").asString());
		assertThat(HttpApi.on(this.port).as(member).get("/actuator/health").json().has("components")).isFalse();
	}

	@Test
	void probesNeedNoCredentialsAndWrongCredentialsAreRefused() {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			ApiResponse answer = HttpApi.on(this.port).get(probe);
			assertThat(answer.status()).as(probe).isIn(200, 503);
			assertThat(answer.json().has("components")).isFalse();
		}
		ApiResponse wrong = HttpApi.on(this.port)
			.as(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(), "NotTheSecretOfTheManagementAccount000000"))
			.get("/actuator/health");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(HttpApi.on(this.port).post("/actuator/health", "{}").status()).isIn(401, 403, 404, 405);
	}

}
