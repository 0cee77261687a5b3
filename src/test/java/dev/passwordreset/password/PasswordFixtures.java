package dev.passwordreset.password;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.core.io.ClassPathResource;

/**
 * Policies and settings for the password tests.
 */
final class PasswordFixtures {

	/**
	 * bcrypt's lowest cost, so that tests which only need some hash do not wait for one.
	 */
	static final int FAST_BCRYPT = 4;

	static final PasswordContext NO_CONTEXT = new PasswordContext("u", null, null);

	private PasswordFixtures() {
	}

	static PasswordProperties properties(PasswordProperties.Encoder encoder, int bcryptStrength) {
		return new PasswordProperties(encoder, bcryptStrength, new PasswordProperties.Argon2(19456, 2, 1),
				HASHING_DEFAULTS, new ClassPathResource("password/common-passwords.txt"),
				List.of("password-reset-service"));
	}

	/**
	 * The bound on concurrent hashes as configured by default: one per core, 2 seconds'
	 * wait.
	 */
	static final PasswordProperties.Hashing HASHING_DEFAULTS = new PasswordProperties.Hashing(0, Duration.ofSeconds(2));

	static PasswordHashing hashing(PasswordProperties properties) {
		return new PasswordHashing(properties, new SimpleMeterRegistry());
	}

	static PasswordRules rules() {
		return new PasswordRules(properties(PasswordProperties.Encoder.BCRYPT, FAST_BCRYPT),
				hashing(properties(PasswordProperties.Encoder.BCRYPT, FAST_BCRYPT)));
	}

	static PasswordPolicy lengths(int minimum, int maximum) {
		return new PasswordPolicy(minimum, maximum, false, false, false, false, null, null);
	}

	static PasswordPolicy classes(int minimum, boolean upper, boolean lower, boolean digit, boolean symbol) {
		return new PasswordPolicy(minimum, PasswordPolicy.DEFAULT_MAXIMUM_LENGTH, upper, lower, digit, symbol, null,
				null);
	}

	/** The reasons alone, for tests about the sentences. */
	static List<String> reasons(List<PasswordViolation> violations) {
		return violations.stream().map(PasswordViolation::reason).toList();
	}

}
