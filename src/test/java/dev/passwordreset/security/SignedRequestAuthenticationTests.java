package dev.passwordreset.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on {@code SDK-HMAC-SHA256}: each request is signed correctly, then one thing is
 * changed the way an attacker would change it.
 */
@ApiTest
class SignedRequestAuthenticationTests {

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	@LocalServerPort
	int port;

	HttpApi api;

	String users;

	@BeforeEach
	void store() {
		this.api = HttpApi.on(this.port);
		String store = this.api.as(TestCredentials.MANAGEMENT)
			.post("/v1/identity-stores", "{\"name\": \"signed-" + System.nanoTime() + "\"}")
			.text("identity_store_id");
		this.users = "/v1/identity-stores/" + store + "/users";
	}

	@Test
	void correctlySignedRequestsAreAccepted() {
		assertThat(signed(Request.get("/v1/instances")).send().status()).isEqualTo(200);
		assertThat(signed(Request.get(this.users + "?limit=5&user_name=a%20b")).send().status()).isEqualTo(200);
		assertThat(signed(Request.post(this.users, "{\"user_name\": \"signed-user\"}")).send().status()).isEqualTo(201);
	}

	@Test
	void requestSignedLongerAgoThanTheSkewIsRefused() {
		Request stale = Request.get("/v1/instances").at(Instant.now().minus(Duration.ofMinutes(16)));
		assertRefused(signed(stale).send(), "X-Sdk-Date");
		Request future = Request.get("/v1/instances").at(Instant.now().plus(Duration.ofMinutes(16)));
		assertRefused(signed(future).send(), "X-Sdk-Date");
		assertThat(signed(Request.get("/v1/instances").at(Instant.now().minus(Duration.ofMinutes(10)))).send().status())
			.isEqualTo(200);
	}

	@Test
	void bodyChangedAfterSigningIsRefused() {
		Signed signed = signed(Request.post(this.users, "{\"user_name\": \"intended\"}"));
		assertRefused(signed.sendBody("{\"user_name\": \"injected\"}"), "signature does not match");
		assertThat(this.api.as(TestCredentials.MANAGEMENT).get(this.users + "?user_name=injected").json().get("users"))
			.isEmpty();
	}

	@Test
	void bodyThatDoesNotMatchItsDeclaredHashIsRefused() {
		Request request = Request.post(this.users, "{\"user_name\": \"declared\"}")
			.header("X-Sdk-Content-Sha256", SdkSignature.sha256Hex("{}".getBytes(StandardCharsets.UTF_8)));
		assertRefused(signed(request).send(), "X-Sdk-Content-Sha256");
	}

	@Test
	void unsignedPayloadIsAcceptedWhenTheClientAsksForIt() {
		Request request = Request.post(this.users, "{\"user_name\": \"unsigned-payload\"}")
			.header("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
		assertThat(signed(request).send().status()).isEqualTo(201);
	}

	@Test
	void pathOrQueryChangedAfterSigningIsRefused() {
		Signed signed = signed(Request.get(this.users + "?limit=1"));
		assertRefused(signed.sendTo(this.users + "?limit=100"), "signature does not match");
		assertRefused(signed.sendTo("/v1/instances?limit=1"), "signature does not match");
	}

	@Test
	void methodChangedAfterSigningIsRefused() {
		Signed signed = signed(Request.get(this.users + "/00000000-0000-0000-0000-000000000000"));
		assertRefused(signed.sendAs("DELETE"), "signature does not match");
	}

	@Test
	void signatureMadeWithAnotherSecretIsRefused() {
		TestCredentials forged = new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
				"ForgedSecret0123456789abcdefghijklmnopqr");
		assertRefused(new Signed(Request.get("/v1/instances"), forged, this).send(), "signature does not match");
	}

	@Test
	void unknownAccessKeyIsRefused() {
		TestCredentials unknown = new TestCredentials("AKUNKNOWN00000000000", TestCredentials.MANAGEMENT.secret());
		assertRefused(new Signed(Request.get("/v1/instances"), unknown, this).send(), "access key is unknown");
	}

	@Test
	void signatureThatLeavesOutHostOrDateIsRefused() {
		Request request = Request.get("/v1/instances");
		Signed signed = signed(request);
		String authorization = signed.authorization()
			.replace("SignedHeaders=host;x-sdk-date", "SignedHeaders=x-sdk-date");
		assertRefused(signed.sendWithAuthorization(authorization), "malformed");
	}

	@Test
	void unsignedHeaderMayChangeButASignedOneMayNot() {
		Request request = Request.get("/v1/instances").header("X-Project-Id", "proj");
		Signed signed = signed(request);
		assertThat(signed.sendWith(Map.of("X-Unsigned", "anything")).status()).isEqualTo(200);
		assertRefused(signed.sendWith(Map.of("X-Project-Id", "other")), "signature does not match");
	}

	private Signed signed(Request request) {
		return new Signed(request, TestCredentials.MANAGEMENT, this);
	}

	private static void assertRefused(ApiResponse response, String reason) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.text("error_code")).isEqualTo("APIGW.0301");
		assertThat(response.text("error_msg")).contains(reason);
		assertThat(response.text("request_id")).isEqualTo(response.header("X-Request-Id"));
	}

	record Request(String method, String pathAndQuery, @Nullable String body, Instant date,
			Map<String, String> headers) {

		static Request get(String pathAndQuery) {
			return new Request("GET", pathAndQuery, null, Instant.now(), Map.of());
		}

		static Request post(String path, String body) {
			return new Request("POST", path, body, Instant.now(), Map.of());
		}

		Request at(Instant when) {
			return new Request(this.method, this.pathAndQuery, this.body, when, this.headers);
		}

		Request header(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(this.headers);
			more.put(name, value);
			return new Request(this.method, this.pathAndQuery, this.body, this.date, more);
		}

	}

	/** A request signed as Huawei's SDK signs it, that can then be sent altered. */
	record Signed(Request request, TestCredentials credentials, SignedRequestAuthenticationTests test) {

		String sdkDate() {
			return SDK_DATE.format(this.request.date());
		}

		String authorization() {
			int query = this.request.pathAndQuery().indexOf('?');
			String path = (query >= 0) ? this.request.pathAndQuery().substring(0, query) : this.request.pathAndQuery();
			String rawQuery = (query >= 0) ? this.request.pathAndQuery().substring(query + 1) : null;
			SortedMap<String, String> signedHeaders = new TreeMap<>();
			signedHeaders.put("host", "localhost:" + this.test.port);
			signedHeaders.put("x-sdk-date", sdkDate());
			this.request.headers().forEach((name, value) -> signedHeaders.put(name.toLowerCase(), value));
			String declared = this.request.headers().get("X-Sdk-Content-Sha256");
			String payloadHash = (declared != null) ? declared : SdkSignature
				.sha256Hex(((this.request.body() != null) ? this.request.body() : "").getBytes(StandardCharsets.UTF_8));
			String canonical = SdkSignature.canonicalRequest(this.request.method(), path, rawQuery, signedHeaders,
					payloadHash);
			String signature = SdkSignature.sign(this.credentials.secret(),
					SdkSignature.stringToSign(sdkDate(), canonical));
			return "SDK-HMAC-SHA256 Access=" + this.credentials.accessKeyId() + ", SignedHeaders="
					+ String.join(";", signedHeaders.keySet()) + ", Signature=" + signature;
		}

		ApiResponse send() {
			return send(this.request.method(), this.request.pathAndQuery(), this.request.body(), authorization(),
					Map.of());
		}

		ApiResponse sendBody(String body) {
			return send(this.request.method(), this.request.pathAndQuery(), body, authorization(), Map.of());
		}

		ApiResponse sendTo(String pathAndQuery) {
			return send(this.request.method(), pathAndQuery, this.request.body(), authorization(), Map.of());
		}

		ApiResponse sendAs(String method) {
			return send(method, this.request.pathAndQuery(), this.request.body(), authorization(), Map.of());
		}

		ApiResponse sendWithAuthorization(String authorization) {
			return send(this.request.method(), this.request.pathAndQuery(), this.request.body(), authorization,
					Map.of());
		}

		ApiResponse sendWith(Map<String, String> overrides) {
			return send(this.request.method(), this.request.pathAndQuery(), this.request.body(), authorization(),
					overrides);
		}

		private ApiResponse send(String method, String pathAndQuery, @Nullable String body, String authorization,
				Map<String, String> overrides) {
			HttpApi api = this.test.api.header("Authorization", authorization).header("X-Sdk-Date", sdkDate());
			Map<String, String> headers = new LinkedHashMap<>(this.request.headers());
			headers.putAll(overrides);
			for (Map.Entry<String, String> header : headers.entrySet()) {
				api = api.header(header.getKey(), header.getValue());
			}
			return api.send(method, pathAndQuery, (body != null) ? "application/json" : null, body);
		}

	}

}
