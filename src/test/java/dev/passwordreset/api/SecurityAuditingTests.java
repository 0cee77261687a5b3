package dev.passwordreset.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which access key id a refused request claimed: recorded only when it has the shape of
 * one, so that whatever else a client sends, a secret above all, stays out of the audit
 * log.
 */
class SecurityAuditingTests {

	private static final String KEY = "AKEXAMPLE00000000001";

	private static final String SECRET = "ExampleSecret0123456789abcdefghijklmnopq";

	@Test
	void basicCredentialsClaimTheirUserPart() {
		assertThat(SecurityAuditing.claimedAccessKeyId(basic(KEY + ":" + SECRET))).isEqualTo(KEY);
		assertThat(SecurityAuditing.claimedAccessKeyId("basic " + encode(KEY + ":"))).isEqualTo(KEY);
	}

	@Test
	void signedRequestsClaimTheirAccessPart() {
		assertThat(SecurityAuditing.claimedAccessKeyId(
				"SDK-HMAC-SHA256 Access=" + KEY + ", SignedHeaders=host;x-sdk-date, Signature=" + "0".repeat(64)))
			.isEqualTo(KEY);
	}

	@Test
	void aSecretInPlaceOfTheKeyIdIsNotClaimed() {
		assertThat(SecurityAuditing.claimedAccessKeyId(basic(SECRET + ":" + KEY))).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId(basic(SECRET))).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId(
				"SDK-HMAC-SHA256 Access=" + SECRET + ", SignedHeaders=host, Signature=" + "0".repeat(64)))
			.isNull();
	}

	@Test
	void anythingElseClaimsNoKey() {
		assertThat(SecurityAuditing.claimedAccessKeyId(null)).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId("Basic !!not base64!!")).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId(basic("akexample00000000001:" + SECRET))).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId("Bearer " + KEY)).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId("SDK-HMAC-SHA256 Access=" + KEY)).isNull();
		assertThat(SecurityAuditing.claimedAccessKeyId("SDK-HMAC-SHA256 Access=" + KEY + "X, Signature=0")).isNull();
	}

	private static String basic(String credentials) {
		return "Basic " + encode(credentials);
	}

	private static String encode(String credentials) {
		return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

}
