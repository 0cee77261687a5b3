package dev.passwordreset.api.identitycenter;

import java.time.Instant;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.security.SdkRequestSigner;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one database, as in production behind a load balancer: what
 * one instance changes about a caller counts on the other at the very next request.
 */
@ApiTest
class SecondInstanceTests {

	@LocalServerPort
	int port;

	@Test
	void delegationAndKeyChangesOnOneInstanceCountOnTheOtherAtOnce() {
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PasswordResetApplication.class)
			.run("--server.port=0")) {
			HttpApi first = HttpApi.on(this.port);
			int otherPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
			HttpApi other = HttpApi.on(otherPort);
			HttpApi admin = first.as(TestCredentials.MANAGEMENT);
			String accountId = IdentityCenterFixtures.createAccount(admin);
			TestCredentials key = IdentityCenterFixtures.createAccessKey(admin, accountId);

			assertError(other.as(key).get("/v1/instances"), 403, "IIC.1000");
			admin.post("/v1/organization/delegated-administrators/" + accountId);
			assertThat(other.as(key).get("/v1/instances").status()).isEqualTo(200);

			String bearer = first.as(key).post("/v1/auth/tokens").json().get("access_token").asString();
			JsonNode temporary = first.as(key).post("/v3.0/OS-CREDENTIAL/securitytokens").json().get("credential");
			assertThat(other.header("Authorization", "Bearer " + bearer).get("/v1/instances").status()).isEqualTo(200);
			assertThat(signed(other, otherPort, temporary).get("/v1/instances").status()).isEqualTo(200);

			other.as(TestCredentials.MANAGEMENT).delete("/v1/organization/delegated-administrators/" + accountId);
			assertError(first.as(key).get("/v1/instances"), 403, "IIC.1000");
			assertError(first.header("Authorization", "Bearer " + bearer).get("/v1/instances"), 403, "IIC.1000");

			admin.delete("/v1/accounts/" + accountId + "/access-keys/" + key.accessKeyId());
			assertError(other.as(key).get("/v1/instances"), 401, "APIGW.0301");
			assertError(other.header("Authorization", "Bearer " + bearer).get("/v1/instances"), 401, "APIGW.0301");
			assertError(signed(other, otherPort, temporary).get("/v1/instances"), 401, "IIC.4013");
		}
	}

	private static HttpApi signed(HttpApi api, int port, JsonNode temporary) {
		return SdkRequestSigner.signed(api, port, "GET", "/v1/instances", null, temporary.get("access").asString(),
				temporary.get("secret").asString(), temporary.get("securitytoken").asString(), Instant.now());
	}

}
