package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.time.Instant;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.security.SdkRequestSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class TokenApiTests {

	@LocalServerPort
	int port;

	HttpApi api;

	HttpApi admin;

	String accountId;

	TestCredentials key;

	@BeforeEach
	void delegatedAdministrator() {
		this.api = HttpApi.on(this.port);
		this.admin = this.api.as(TestCredentials.MANAGEMENT);
		this.accountId = IdentityCenterFixtures.createAccount(this.admin);
		this.key = IdentityCenterFixtures.createAccessKey(this.admin, this.accountId);
		this.admin.post("/v1/organization/delegated-administrators/" + this.accountId);
	}

	@Test
	void bearerTokenIsMintedForTheKeysAccount() {
		JsonNode token = this.api.as(this.key).post("/v1/auth/tokens", "{\"duration_seconds\": 1800}").json();
		assertThat(token.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(token.get("expires_in").asLong()).isEqualTo(1800);
		assertThat(token.has("security_token")).isFalse();
		String jwt = token.get("access_token").asString();
		assertThat(jwt.split("\\.")).hasSize(3);

		HttpApi bearer = this.api.header("Authorization", "Bearer " + jwt);
		assertThat(bearer.get("/v1/instances").status()).isEqualTo(200);
		assertError(bearer.get("/v1/organization"), 403, "IIC.1000");
		assertThat(this.api.header("X-Auth-Token", jwt).get("/v1/instances").status()).isEqualTo(200);
	}

	@Test
	void mintingWithoutABodyGivesTheDefaultLifetime() {
		ApiResponse token = this.api.as(this.key).post("/v1/auth/tokens");
		assertThat(token.status()).isEqualTo(200);
		assertThat(token.json().get("expires_in").asLong()).isEqualTo(3600);
	}

	@Test
	void lifetimesOutsideTheAllowedRangeAreRefused() {
		assertError(this.api.as(this.key).post("/v1/auth/tokens", "{\"duration_seconds\": 899}"), 400, "IIC.400");
		assertError(this.api.as(this.key).post("/v1/auth/tokens", "{\"duration_seconds\": 43201}"), 400, "IIC.400");
		assertError(this.api.as(this.key).post("/v3.0/OS-CREDENTIAL/securitytokens", "{\"duration_seconds\": 86401}"),
				400, "IIC.400");
	}

	@Test
	void temporaryBearerTokenNeedsItsSecurityToken() {
		JsonNode token = this.api.as(this.key).post("/v1/auth/tokens", "{\"temporary\": true}").json();
		String jwt = token.get("access_token").asString();
		String securityToken = token.get("security_token").asString();
		HttpApi bearer = this.api.header("Authorization", "Bearer " + jwt);
		assertThat(bearer.header("X-Security-Token", securityToken).get("/v1/instances").status()).isEqualTo(200);
		assertError(bearer.get("/v1/instances"), 401, "IIC.4011");
		assertError(bearer.header("X-Security-Token", securityToken + "x").get("/v1/instances"), 401, "IIC.4014");
	}

	@Test
	void temporaryCredentialsComeInHuaweiIamsShape() {
		ApiResponse created = this.api.as(this.key).post("/v3.0/OS-CREDENTIAL/securitytokens", """
				{"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 1200}}}}
				""");
		assertThat(created.status()).isEqualTo(201);
		JsonNode credential = created.json().get("credential");
		assertThat(credential.get("access").asString()).matches("ST[A-Z0-9]{18}");
		assertThat(credential.get("secret").asString()).matches("[A-Za-z0-9]{40}");
		assertThat(credential.get("securitytoken").asString()).isNotBlank()
			.doesNotContain(credential.get("secret").asString());
		Instant expiresAt = Instant.parse(credential.get("expires_at").asString());
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(19),
				Duration.ofMinutes(21));
	}

	@Test
	void temporaryKeyWorksOnlyWithItsOwnIntactToken() {
		JsonNode credential = this.api.as(this.key).post("/v3.0/OS-CREDENTIAL/securitytokens").json().get("credential");
		String access = credential.get("access").asString();
		String secret = credential.get("secret").asString();
		String token = credential.get("securitytoken").asString();
		assertThat(signed("/v1/instances", access, secret, token).get("/v1/instances").status()).isEqualTo(200);

		String altered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertError(signed("/v1/instances", access, secret, altered).get("/v1/instances"), 401, "IIC.4013");
		assertError(signed("/v1/instances", TestCredentials.MANAGEMENT.accessKeyId(),
				TestCredentials.MANAGEMENT.secret(), token)
			.get("/v1/instances"), 401, "IIC.4014");
		assertError(this.api.as(new TestCredentials(access, secret)).get("/v1/instances"), 401, "APIGW.0301");
	}

	@Test
	void deletingThePermanentKeyEndsItsTokensAndTemporaryCredentials() {
		HttpApi byKey = this.api.as(this.key);
		String jwt = byKey.post("/v1/auth/tokens").json().get("access_token").asString();
		JsonNode credential = byKey.post("/v3.0/OS-CREDENTIAL/securitytokens").json().get("credential");
		HttpApi bearer = this.api.header("Authorization", "Bearer " + jwt);
		HttpApi temporary = signed("/v1/instances", credential.get("access").asString(),
				credential.get("secret").asString(), credential.get("securitytoken").asString());
		assertThat(bearer.get("/v1/instances").status()).isEqualTo(200);
		assertThat(temporary.get("/v1/instances").status()).isEqualTo(200);

		assertThat(
				this.admin.delete("/v1/accounts/" + this.accountId + "/access-keys/" + this.key.accessKeyId()).status())
			.isEqualTo(204);
		assertError(bearer.get("/v1/instances"), 401, "APIGW.0301");
		assertError(temporary.get("/v1/instances"), 401, "IIC.4013");
	}

	@Test
	void revokingTheDelegationCountsForTokensToo() {
		String jwt = this.api.as(this.key).post("/v1/auth/tokens").json().get("access_token").asString();
		HttpApi bearer = this.api.header("Authorization", "Bearer " + jwt);
		assertThat(bearer.get("/v1/instances").status()).isEqualTo(200);
		this.admin.delete("/v1/organization/delegated-administrators/" + this.accountId);
		assertError(bearer.get("/v1/instances"), 403, "IIC.1000");
	}

	@Test
	void aTokenMintsTemporaryCredentialsAsHuaweiIamDoes() {
		String jwt = this.api.as(this.key)
			.post("/v1/auth/tokens", "{\"duration_seconds\": 3600}")
			.json()
			.get("access_token")
			.asString();
		ApiResponse created = this.api.header("X-Auth-Token", jwt).post("/v3.0/OS-CREDENTIAL/securitytokens", """
				{"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 900}}}}
				""");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode credential = created.json().get("credential");
		Instant expiresAt = Instant.parse(credential.get("expires_at").asString());
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(14),
				Duration.ofMinutes(16));

		HttpApi temporary = signed("/v1/instances", credential.get("access").asString(),
				credential.get("secret").asString(), credential.get("securitytoken").asString());
		assertThat(temporary.get("/v1/instances").status()).isEqualTo(200);
		assertError(
				signed("/v1/instances", credential.get("access").asString(), credential.get("secret").asString(), null)
					.get("/v1/instances"),
				401, "IIC.4011");
	}

	@Test
	void temporaryCredentialsFromATokenEndNoLaterThanTheToken() {
		String jwt = this.api.as(this.key)
			.post("/v1/auth/tokens", "{\"duration_seconds\": 900}")
			.json()
			.get("access_token")
			.asString();
		Instant tokenExpiry = Instant.now().plus(Duration.ofSeconds(900));
		ApiResponse created = this.api.header("Authorization", "Bearer " + jwt)
			.post("/v3.0/OS-CREDENTIAL/securitytokens", """
					{"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 86400}}}}
					""");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Instant expiresAt = Instant.parse(created.json().get("credential").get("expires_at").asString());
		assertThat(expiresAt).isBefore(tokenExpiry.plusSeconds(1)).isAfter(tokenExpiry.minusSeconds(60));
	}

	@Test
	void temporaryCredentialsFromATokenEndWithThePermanentKeyBehindIt() {
		String jwt = this.api.as(this.key).post("/v1/auth/tokens").json().get("access_token").asString();
		JsonNode credential = this.api.header("X-Auth-Token", jwt)
			.post("/v3.0/OS-CREDENTIAL/securitytokens")
			.json()
			.get("credential");
		HttpApi temporary = signed("/v1/instances", credential.get("access").asString(),
				credential.get("secret").asString(), credential.get("securitytoken").asString());
		assertThat(temporary.get("/v1/instances").status()).isEqualTo(200);

		assertThat(
				this.admin.delete("/v1/accounts/" + this.accountId + "/access-keys/" + this.key.accessKeyId()).status())
			.isEqualTo(204);
		assertError(temporary.get("/v1/instances"), 401, "IIC.4013");
	}

	@Test
	void noShortLivedCredentialMintsAToken() {
		String jwt = this.api.as(this.key).post("/v1/auth/tokens").json().get("access_token").asString();
		assertError(this.api.header("Authorization", "Bearer " + jwt).post("/v1/auth/tokens"), 403, "IIC.1000");

		JsonNode credential = this.api.header("X-Auth-Token", jwt)
			.post("/v3.0/OS-CREDENTIAL/securitytokens")
			.json()
			.get("credential");
		HttpApi temporary = SdkRequestSigner.signed(this.api, this.port, "POST", "/v3.0/OS-CREDENTIAL/securitytokens",
				null, credential.get("access").asString(), credential.get("secret").asString(),
				credential.get("securitytoken").asString(), Instant.now());
		assertError(temporary.post("/v3.0/OS-CREDENTIAL/securitytokens"), 403, "IIC.1000");
	}

	@Test
	void aTemporaryTokenMintsNoTemporaryCredentials() {
		JsonNode token = this.api.as(this.key).post("/v1/auth/tokens", "{\"temporary\": true}").json();
		HttpApi bearer = this.api.header("X-Auth-Token", token.get("access_token").asString())
			.header("X-Security-Token", token.get("security_token").asString());
		assertThat(bearer.get("/v1/instances").status()).isEqualTo(200);
		JsonNode error = assertError(bearer.post("/v3.0/OS-CREDENTIAL/securitytokens", """
				{"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 900}}}}
				"""), 403, "IIC.1000");
		assertThat(error.has("credential")).isFalse();
	}

	@Test
	void garbageBearerTokensAreRefused() {
		for (String garbage : new String[] { "x", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "Bearer" }) {
			assertError(this.api.header("Authorization", "Bearer " + garbage).get("/v1/instances"), 401, "APIGW.0301");
		}
	}

	private HttpApi signed(String path, String access, String secret, String securityToken) {
		return SdkRequestSigner.signed(this.api, this.port, "GET", path, null, access, secret, securityToken,
				Instant.now());
	}

}
