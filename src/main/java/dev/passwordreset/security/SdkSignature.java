package dev.passwordreset.security;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Huawei's {@code SDK-HMAC-SHA256} request signature, computed exactly as the official
 * Java SDK's {@code AKSKSigner} computes it, so that the verifier reaches the same bytes:
 * <pre>
 * CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 * StringToSign     = SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 * Signature        = hex(hmac-sha256(secret, StringToSign))
 * </pre>
 */
final class SdkSignature {

	static final String ALGORITHM = "SDK-HMAC-SHA256";

	static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	private SdkSignature() {
	}

	/**
	 * @param rawPath the path as it was sent, still percent-encoded
	 * @param rawQuery the query string as it was sent, or null
	 * @param signedHeaders lower-case names to values, in the order of the names
	 */
	static String canonicalRequest(String method, String rawPath, @Nullable String rawQuery,
			SortedMap<String, String> signedHeaders, String payloadHash) {
		StringBuilder headers = new StringBuilder();
		signedHeaders.forEach((name, value) -> headers.append(name).append(':').append(value).append('\n'));
		return String.join("\n", method, canonicalUri(rawPath), canonicalQuery(rawQuery), headers,
				String.join(";", signedHeaders.keySet()), payloadHash);
	}

	static String stringToSign(String sdkDate, String canonicalRequest) {
		return String.join("\n", ALGORITHM, sdkDate, sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
	}

	static String sign(String secret, String stringToSign) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Every segment of the path as sent, encoded once more, each followed by a slash; the
	 * SDK signs the path of its URL this way, so it always ends in {@code /}.
	 */
	static String canonicalUri(String rawPath) {
		if (rawPath.equals("/")) {
			return "/";
		}
		StringBuilder uri = new StringBuilder();
		for (String segment : rawPath.split("/")) {
			uri.append(encode(segment)).append('/');
		}
		return uri.toString();
	}

	/**
	 * Decoded names and values, encoded the SDK's way, sorted by name; values keep their
	 * order.
	 */
	static String canonicalQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		SortedMap<String, List<String>> parameters = new TreeMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			parameters.computeIfAbsent(encode(name), (key) -> new ArrayList<>()).add(encode(value));
		}
		List<String> joined = new ArrayList<>();
		for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
			for (String value : parameter.getValue()) {
				joined.add(parameter.getKey() + "=" + value);
			}
		}
		return String.join("&", joined);
	}

	/**
	 * URL-encoding with {@code %20} for space, {@code %2A} for {@code *} and {@code ~}
	 * kept.
	 */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
