package dev.passwordreset.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.passwordreset.HttpApi;
import org.jspecify.annotations.Nullable;

/**
 * Signs a test request with {@code SDK-HMAC-SHA256} as Huawei's SDK does, signing the
 * security token too when there is one.
 */
public final class SdkRequestSigner {

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private SdkRequestSigner() {
	}

	public static HttpApi signed(HttpApi api, int port, String method, String pathAndQuery, @Nullable String body,
			String accessKeyId, String secret, @Nullable String securityToken, Instant signedAt) {
		dev.passwordreset.TestSecrets.remember(secret);
		dev.passwordreset.TestSecrets.remember(securityToken);
		int query = pathAndQuery.indexOf('?');
		String path = (query >= 0) ? pathAndQuery.substring(0, query) : pathAndQuery;
		String rawQuery = (query >= 0) ? pathAndQuery.substring(query + 1) : null;
		String sdkDate = SDK_DATE.format(signedAt);
		Map<String, String> sent = new LinkedHashMap<>();
		sent.put("X-Sdk-Date", sdkDate);
		if (securityToken != null) {
			sent.put("X-Security-Token", securityToken);
		}
		SortedMap<String, String> signedHeaders = new TreeMap<>();
		signedHeaders.put("host", "localhost:" + port);
		sent.forEach((name, value) -> signedHeaders.put(name.toLowerCase(), value));
		String canonical = SdkSignature.canonicalRequest(method, path, rawQuery, signedHeaders,
				SdkSignature.sha256Hex(((body != null) ? body : "").getBytes(StandardCharsets.UTF_8)));
		String signature = SdkSignature.sign(secret, SdkSignature.stringToSign(sdkDate, canonical));
		HttpApi signedApi = api.header("Authorization", "SDK-HMAC-SHA256 Access=" + accessKeyId + ", SignedHeaders="
				+ String.join(";", signedHeaders.keySet()) + ", Signature=" + signature);
		for (Map.Entry<String, String> header : sent.entrySet()) {
			signedApi = signedApi.header(header.getKey(), header.getValue());
		}
		return signedApi;
	}

}
