package dev.passwordreset.password;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * How passwords are hashed, and where the list of common passwords is.
 *
 * @param encoder the algorithm new hashes use; the default is bcrypt. Hashes made with
 * another algorithm still verify, and are hashed anew the next time their password is at
 * hand
 * @param bcryptStrength bcrypt's log2 cost, 10 to 16; the default is 12. Each step
 * doubles the time: 12 took about 240 ms per hash on the 2-core machine that builds this
 * service, 10 about 60 ms
 * @param argon2 the Argon2id parameters
 * @param hashing how many hashes run at once, and how long a request waits for its turn
 * @param serviceNames the names users know this service by, such as the company's or the
 * portal's, each refused whole (without regard to case) inside a password. The default is
 * password-reset-service
 * @param commonPasswords the list of common passwords to refuse: one per line, compared
 * without regard to case; the default is the list that ships with the service
 */
@Validated
@ConfigurationProperties("reset.password")
record PasswordProperties(@DefaultValue("bcrypt") Encoder encoder,
		@DefaultValue("12") @Min(10) @Max(16) int bcryptStrength, @DefaultValue @Valid Argon2 argon2,
		@DefaultValue @Valid Hashing hashing,
		@DefaultValue("classpath:password/common-passwords.txt") Resource commonPasswords,
		@DefaultValue("password-reset-service") @Size(max = 20) List<@Size(max = 128) String> serviceNames) {

	/**
	 * The Argon2id parameters. A hash records the parameters it was made with, so raising
	 * them makes older hashes report {@link PasswordHashing#needsRehash}. The defaults
	 * are OWASP's minimum (19 MiB, 2 iterations, 1 lane).
	 *
	 * @param memoryKib memory in KiB, 7168 (7 MiB) to 1048576 (1 GiB); the default is
	 * 19456
	 * @param iterations passes over the memory, 1 to 10; the default is 2
	 * @param parallelism lanes, 1 to 8; the default is 1
	 */
	record Argon2(@DefaultValue("19456") @Min(7168) @Max(1_048_576) int memoryKib,
			@DefaultValue("2") @Min(1) @Max(10) int iterations, @DefaultValue("1") @Min(1) @Max(8) int parallelism) {
	}

	/**
	 * The bound on concurrent hashes. Hashing is pure CPU, so more at once than there are
	 * cores only makes each one slower; the rest wait their turn in order.
	 *
	 * @param concurrency hashes run at once, 1 to 256; the default, 0, means one per
	 * available processor (the container's CPU limit, where there is one)
	 * @param maxWait how long a request waits for its turn before it is answered 503 with
	 * Retry-After, 10 ms to 1 minute; the default is 2 seconds
	 */
	record Hashing(@DefaultValue("0") @Min(0) @Max(256) int concurrency,
			@DefaultValue("2s") @DurationMin(millis = 10) @DurationMax(minutes = 1) Duration maxWait) {

		/** The configured bound, or the available processors for 0. */
		int effectiveConcurrency() {
			return (this.concurrency > 0) ? this.concurrency : Runtime.getRuntime().availableProcessors();
		}

	}

	/**
	 * The algorithms new hashes may use. Each hash starts with its algorithm's id in
	 * braces.
	 */
	enum Encoder {

		/** bcrypt, as {@code {bcrypt}$2a$12$...}. */
		BCRYPT("bcrypt"),

		/** Argon2id, as {@code {argon2}$argon2id$v=19$m=19456,t=2,p=1$...}. */
		ARGON2("argon2"),

		/**
		 * PBKDF2-HMAC-SHA256 with 310,000 iterations, 16 bytes of salt and a 256-bit
		 * hash: Spring Security's 5.8 defaults, under Spring Security's id for them. Not
		 * configurable, because such a hash does not record its iteration count.
		 */
		PBKDF2("pbkdf2@SpringSecurity_v5_8");

		private final String id;

		Encoder(String id) {
			this.id = id;
		}

		String id() {
			return this.id;
		}

	}

}
