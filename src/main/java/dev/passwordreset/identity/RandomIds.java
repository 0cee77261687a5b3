package dev.passwordreset.identity;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers in the shapes Huawei's clients expect: {@code d-} and ten hex digits for a
 * store, {@code ins-} and sixteen for an instance, thirty-two for an account.
 */
final class RandomIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private RandomIds() {
	}

	static String identityStoreId() {
		return "d-" + hex(5);
	}

	static String instanceId() {
		return "ins-" + hex(8);
	}

	static String accountId() {
		return hex(16);
	}

	static String organizationId() {
		return "o-" + hex(12);
	}

	private static String hex(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
