package dev.passwordreset.security;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test vector from {@code shared/reference/huawei-identity-center.md}, produced by
 * the official SDK 3.1.143 signer ({@code AKSKSigner.sign}), worked through step by step.
 */
class SdkSignatureTests {

	private static final String SECRET = "barsSecretKey0123456789abcdefghijklmnopq";

	private static final String BODY = "{\"user_name\": \"a b\"}";

	/**
	 * {@code POST http://127.0.0.1:12345/v1/identity-stores/d-0123456789/users?limit=2&user_name=a b*~}
	 * as the SDK puts it on the wire: the query values encoded, space as {@code %20}.
	 */
	@Test
	void referenceVectorOfTheOfficialSdkSignerMatches() {
		SortedMap<String, String> headers = new TreeMap<>();
		headers.put("host", "127.0.0.1:12345");
		headers.put("x-project-id", "proj");
		headers.put("x-sdk-date", "20261123T010000Z");
		headers.put("x-security-token", "tok123");
		String payloadHash = SdkSignature.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8));

		String canonicalRequest = SdkSignature.canonicalRequest("POST", "/v1/identity-stores/d-0123456789/users",
				"limit=2&user_name=a%20b%2A~", headers, payloadHash);

		// Every path segment followed by "/"; query names and values encoded with %20 and
		// %2A, ~ kept, sorted by name; one "name:value\n" line per signed header; their
		// names; the body's SHA-256.
		assertThat(canonicalRequest).isEqualTo("POST\n" + "/v1/identity-stores/d-0123456789/users/\n"
				+ "limit=2&user_name=a%20b%2A~\n" + "host:127.0.0.1:12345\n" + "x-project-id:proj\n"
				+ "x-sdk-date:20261123T010000Z\n" + "x-security-token:tok123\n" + "\n"
				+ "host;x-project-id;x-sdk-date;x-security-token\n" + payloadHash);

		String stringToSign = SdkSignature.stringToSign("20261123T010000Z", canonicalRequest);
		assertThat(stringToSign).startsWith("SDK-HMAC-SHA256\n20261123T010000Z\n")
			.endsWith(SdkSignature.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));

		assertThat(SdkSignature.sign(SECRET, stringToSign))
			.isEqualTo("60965b8f560e3358e80439baa6949066dd481279d7c3d7562e3529870da48ea6");
	}

	@Test
	void queryIsCanonicalWhateverOrderAndEncodingTheClientUsed() {
		assertThat(SdkSignature.canonicalQuery("user_name=a+b%2a~&limit=2"))
			.isEqualTo(SdkSignature.canonicalQuery("limit=2&user_name=a%20b*%7E"))
			.isEqualTo("limit=2&user_name=a%20b%2A~");
		assertThat(SdkSignature.canonicalQuery(null)).isEmpty();
		assertThat(SdkSignature.canonicalQuery("flag")).isEqualTo("flag=");
	}

	@Test
	void rootPathIsItsOwnCanonicalUri() {
		assertThat(SdkSignature.canonicalUri("/")).isEqualTo("/");
		assertThat(SdkSignature.canonicalUri("/v1/instances/")).isEqualTo("/v1/instances/");
		assertThat(SdkSignature.canonicalUri("/v1/a%20b")).isEqualTo("/v1/a%2520b/");
	}

	@Test
	void emptyBodyHashesToTheSdkConstant() {
		assertThat(SdkSignature.sha256Hex(new byte[0]))
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

}
