package dev.passwordreset.password;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

/**
 * Password hashes, through Spring Security's {@link DelegatingPasswordEncoder}. A hash
 * names its algorithm ({@code {bcrypt}$2a$12$...}), so hashes made under an earlier
 * {@code reset.password.encoder} still verify, and {@link #needsRehash} says when one
 * should be replaced at the next chance. Passwords are NFKC-normalized first (NIST SP
 * 800-63B 5.1.1.2), so the same characters typed on different systems give the same hash.
 * No method logs anything.
 * <p>
 * Every hash and verification takes a turn of a bound sized to the cores
 * ({@code reset.password.hashing.*}), so that a burst queues rather than slowing every
 * hash down, and is refused with {@link HashingBusyException} when its turn would come
 * too late. Callers hash outside any transaction, so that no database connection waits
 * with them.
 */
@Service
public class PasswordHashing {

	private static final int SALT_BYTES = 16;

	private static final int ARGON2_HASH_BYTES = 32;

	private final DelegatingPasswordEncoder encoder;

	private final Supplier<String> decoy;

	private final HashingCapacity capacity;

	PasswordHashing(PasswordProperties properties, MeterRegistry meters) {
		this.capacity = new HashingCapacity(properties.hashing().effectiveConcurrency(), properties.hashing().maxWait(),
				meters);
		PasswordProperties.Argon2 argon2 = properties.argon2();
		Map<String, PasswordEncoder> encoders = Map.of(PasswordProperties.Encoder.BCRYPT.id(),
				new LongPasswordBCryptEncoder(properties.bcryptStrength()), PasswordProperties.Encoder.ARGON2.id(),
				new Argon2PasswordEncoder(SALT_BYTES, ARGON2_HASH_BYTES, argon2.parallelism(), argon2.memoryKib(),
						argon2.iterations()),
				PasswordProperties.Encoder.PBKDF2.id(), Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
		this.encoder = new DelegatingPasswordEncoder(properties.encoder().id(), encoders);
		this.encoder.setDefaultPasswordEncoderForMatches(new UnknownHashes());
		this.decoy = SingletonSupplier.of(() -> hash(randomPassword()));
	}

	/**
	 * A new salted hash of the password with the configured algorithm, such as
	 * {@code {bcrypt}$2a$12$...}.
	 */
	public String hash(String rawPassword) {
		return this.capacity.call(() -> this.encoder.encode(normalized(rawPassword)));
	}

	/**
	 * Whether the password is the one the stored hash was made from; false for a null,
	 * malformed or unknown hash. The comparison is as constant-time as the algorithm's
	 * own. A null hash still costs one verification against a decoy, so that a missing
	 * password cannot be told from a wrong one by the time taken.
	 */
	public boolean matches(String rawPassword, @Nullable String storedHash) {
		return this.capacity.call(() -> matchesNow(rawPassword, storedHash));
	}

	/**
	 * Runs work that hashes, such as a history check followed by the new hash, on one
	 * turn of the bound on concurrent hashes: it waits once, not once per hash, and once
	 * it runs none of its hashes can be refused. Nothing else should run inside but a
	 * short step that must not happen unless the hash does (a rate limit that counts only
	 * resets that run): a turn is a core's worth of work.
	 * @throws HashingBusyException when no turn came within
	 * {@code reset.password.hashing.max-wait}
	 */
	public <T> T withTurn(Supplier<T> work) {
		return this.capacity.call(work);
	}

	private boolean matchesNow(String rawPassword, @Nullable String storedHash) {
		if (storedHash == null) {
			this.encoder.matches(normalized(rawPassword), this.decoy.get());
			return false;
		}
		try {
			return this.encoder.matches(normalized(rawPassword), storedHash);
		}
		catch (RuntimeException ex) {
			// A hash its algorithm cannot parse (bad hex for PBKDF2, a truncated Argon2
			// hash) matches nothing.
			return false;
		}
	}

	/**
	 * Whether a stored hash that has just {@link #matches matched} should be replaced by
	 * a new hash of the same password: it was made with another algorithm than the
	 * configured one, or with weaker parameters (a lower bcrypt strength, less Argon2
	 * memory or fewer iterations).
	 */
	public boolean needsRehash(String storedHash) {
		try {
			return this.encoder.upgradeEncoding(storedHash);
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private static String normalized(String rawPassword) {
		return Normalizer.normalize(rawPassword, Normalizer.Form.NFKC);
	}

	private static String randomPassword() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	/**
	 * Matches nothing: a hash without a known algorithm id can be no user's password.
	 */
	private static final class UnknownHashes implements PasswordEncoder {

		@Override
		public String encode(CharSequence rawPassword) {
			throw new UnsupportedOperationException("only matches");
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			return false;
		}

	}

}
