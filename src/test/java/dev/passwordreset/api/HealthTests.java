package dev.passwordreset.api;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.identitycenter.IdentityCenterFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health}: everybody sees the status, only the management account its
 * components.
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
		TestCredentials member = IdentityCenterFixtures.createAccessKey(admin,
				IdentityCenterFixtures.createAccount(admin));
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
			.as(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
					"NotTheSecretOfTheManagementAccount000000"))
			.get("/actuator/health");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(HttpApi.on(this.port).post("/actuator/health", "{}").status()).isIn(401, 403, 404, 405);
	}

}
