package dev.passwordreset.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Key ids and secrets in the alphabets Huawei's clients expect, from one
 * {@link SecureRandom}.
 */
final class RandomSecrets {

	static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	static final String ALPHANUMERIC = UPPER_ALPHANUMERIC + "abcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	private RandomSecrets() {
	}

	static String of(String alphabet, int length) {
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return value.toString();
	}

	static String urlSafe(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	static String sha256UrlSafe(String value) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					java.util.HexFormat.of().parseHex(SdkSignature.sha256Hex(value.getBytes(StandardCharsets.UTF_8))));
	}

}
