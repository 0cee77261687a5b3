package dev.passwordreset.otp;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

/**
 * Makes codes and correlation ids from {@link SecureRandom}. A code is decimal digits
 * drawn one by one, so every digit is uniform and leading zeros are as likely as any
 * other.
 */
@Component
final class OneTimePasswordGenerator {

	private static final SecureRandom RANDOM = new SecureRandom();

	String code(int length) {
		StringBuilder code = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			code.append((char) ('0' + RANDOM.nextInt(10)));
		}
		return code.toString();
	}

	/**
	 * 128 random bits in hex: the handle a caller names a code by, never the code itself.
	 */
	String correlationId() {
		byte[] random = new byte[16];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
