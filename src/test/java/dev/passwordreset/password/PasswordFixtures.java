package dev.passwordreset.password;

import java.util.List;

import org.springframework.core.io.ClassPathResource;

/**
 * Policies and settings for the password tests.
 */
final class PasswordFixtures {

	/** bcrypt's lowest cost, so that tests which only need some hash do not wait for one. */
	static final int FAST_BCRYPT = 4;

	static final PasswordContext NO_CONTEXT = new PasswordContext("u", null, null);

	private PasswordFixtures() {
	}

	static PasswordProperties properties(PasswordProperties.Encoder encoder, int bcryptStrength) {
		return new PasswordProperties(encoder, bcryptStrength, new PasswordProperties.Argon2(19456, 2, 1),
				new ClassPathResource("password/common-passwords.txt"), List.of("password-reset-service"));
	}

	static PasswordRules rules() {
		return new PasswordRules(properties(PasswordProperties.Encoder.BCRYPT, FAST_BCRYPT),
				new PasswordHashing(properties(PasswordProperties.Encoder.BCRYPT, FAST_BCRYPT)));
	}

	static PasswordPolicy lengths(int minimum, int maximum) {
		return new PasswordPolicy(minimum, maximum, false, false, false, false, null, null);
	}

	static PasswordPolicy classes(int minimum, boolean upper, boolean lower, boolean digit, boolean symbol) {
		return new PasswordPolicy(minimum, PasswordPolicy.DEFAULT_MAXIMUM_LENGTH, upper, lower, digit, symbol, null,
				null);
	}

}
