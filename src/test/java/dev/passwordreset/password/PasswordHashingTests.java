package dev.passwordreset.password;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashingTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(HashingConfiguration.class);

	@Test
	void hashesAreBcryptOfStrength12ByDefault() {
		// Bound from nothing: the test run itself lowers the strength through a system
		// property.
		PasswordProperties defaults = new Binder(new MapConfigurationPropertySource()).bindOrCreate("reset.password",
				PasswordProperties.class);
		assertThat(defaults.encoder()).isEqualTo(PasswordProperties.Encoder.BCRYPT);
		assertThat(defaults.argon2()).isEqualTo(new PasswordProperties.Argon2(19456, 2, 1));
		PasswordHashing hashing = PasswordFixtures.hashing(defaults);
		String hash = hashing.hash("correct horse battery staple");
		assertThat(hash).startsWith("{bcrypt}$2a$12$");
		assertThat(hashing.matches("correct horse battery staple", hash)).isTrue();
		assertThat(hashing.matches("correct horse battery stapler", hash)).isFalse();
		assertThat(hashing.needsRehash(hash)).isFalse();
	}

	@Test
	void theConfiguredSettingsReachTheHashes() {
		this.contexts.withPropertyValues("reset.password.bcrypt-strength=11").run((context) -> {
			PasswordHashing hashing = context.getBean(PasswordHashing.class);
			assertThat(hashing.hash("correct horse battery staple")).startsWith("{bcrypt}$2a$11$");
		});
	}

	@Test
	void argon2idCanBeConfigured() {
		this.contexts.withPropertyValues("reset.password.encoder=argon2").run((context) -> {
			PasswordHashing hashing = context.getBean(PasswordHashing.class);
			String hash = hashing.hash("correct horse battery staple");
			assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
			assertThat(hashing.matches("correct horse battery staple", hash)).isTrue();
			assertThat(hashing.matches("Correct horse battery staple", hash)).isFalse();
		});
	}

	@Test
	void pbkdf2CanBeConfigured() {
		this.contexts.withPropertyValues("reset.password.encoder=pbkdf2").run((context) -> {
			PasswordHashing hashing = context.getBean(PasswordHashing.class);
			String hash = hashing.hash("correct horse battery staple");
			assertThat(hash).startsWith("{pbkdf2@SpringSecurity_v5_8}");
			assertThat(hashing.matches("correct horse battery staple", hash)).isTrue();
			assertThat(hashing.matches("correct horse battery stapl", hash)).isFalse();
		});
	}

	@Test
	void settingsOutOfRangeStopTheStart() {
		this.contexts.withPropertyValues("reset.password.bcrypt-strength=9")
			.run((context) -> assertThat(context).hasFailed());
		this.contexts.withPropertyValues("reset.password.encoder=md5")
			.run((context) -> assertThat(context).hasFailed());
		this.contexts.withPropertyValues("reset.password.argon2.memory-kib=1024")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void hashesOfAnotherAlgorithmStillMatchButNeedARehash() {
		PasswordHashing bcrypt = hashing(PasswordProperties.Encoder.BCRYPT, 10);
		PasswordHashing argon2 = hashing(PasswordProperties.Encoder.ARGON2, 10);
		PasswordHashing pbkdf2 = hashing(PasswordProperties.Encoder.PBKDF2, 10);
		String bcryptHash = bcrypt.hash("correct horse battery staple");
		String argon2Hash = argon2.hash("correct horse battery staple");
		String pbkdf2Hash = pbkdf2.hash("correct horse battery staple");

		assertThat(argon2.matches("correct horse battery staple", bcryptHash)).isTrue();
		assertThat(argon2.needsRehash(bcryptHash)).isTrue();
		assertThat(argon2.needsRehash(argon2Hash)).isFalse();
		assertThat(bcrypt.matches("correct horse battery staple", argon2Hash)).isTrue();
		assertThat(bcrypt.matches("correct horse battery staple", pbkdf2Hash)).isTrue();
		assertThat(bcrypt.needsRehash(argon2Hash)).isTrue();
		assertThat(bcrypt.needsRehash(pbkdf2Hash)).isTrue();
		assertThat(pbkdf2.needsRehash(pbkdf2Hash)).isFalse();
	}

	@Test
	void aHigherBcryptStrengthOrStrongerArgon2ParametersNeedARehash() {
		String weak = hashing(PasswordProperties.Encoder.BCRYPT, 10).hash("correct horse battery staple");
		PasswordHashing stronger = hashing(PasswordProperties.Encoder.BCRYPT, 11);
		assertThat(stronger.matches("correct horse battery staple", weak)).isTrue();
		assertThat(stronger.needsRehash(weak)).isTrue();

		String lowMemory = PasswordFixtures
			.hashing(properties(PasswordProperties.Encoder.ARGON2, 10, new PasswordProperties.Argon2(7168, 2, 1)))
			.hash("correct horse battery staple");
		assertThat(hashing(PasswordProperties.Encoder.ARGON2, 10).needsRehash(lowMemory)).isTrue();
	}

	@Test
	void nullMalformedAndUnknownHashesNeverMatch() {
		PasswordHashing hashing = hashing(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT);
		for (String stored : new String[] { null, "", "garbage", "{bcrypt}", "{bcrypt}garbage", "{argon2}garbage",
				"{argon2}$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB", "{pbkdf2@SpringSecurity_v5_8}not-hex",
				"{pbkdf2@SpringSecurity_v5_8}abcd", "{noop}password", "{unknown}abc", "$2a$10$nobraces" }) {
			assertThat(hashing.matches("password", stored)).as(String.valueOf(stored)).isFalse();
		}
		for (String stored : new String[] { "{noop}password", "{unknown}abc", "$2a$10$nobraces", "{bcrypt}garbage" }) {
			assertThat(hashing.needsRehash(stored)).as(stored).isTrue();
		}
	}

	@Test
	void passwordsLongerThanBcryptsSeventyTwoBytesAreNeitherTruncatedNorRefused() {
		PasswordHashing hashing = hashing(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT);
		String seventyTwo = "a".repeat(72);
		String hash = hashing.hash(seventyTwo + " and then some");
		assertThat(hashing.matches(seventyTwo + " and then some", hash)).isTrue();
		assertThat(hashing.matches(seventyTwo + " and then more", hash)).isFalse();
		assertThat(hashing.matches(seventyTwo, hash)).isFalse();

		String thousand = "ü".repeat(1024);
		assertThat(hashing.matches(thousand, hashing.hash(thousand))).isTrue();
		assertThat(hashing.matches(thousand.substring(1), hashing.hash(thousand))).isFalse();
	}

	@Test
	void shortPasswordsGiveStandardBcryptHashes() {
		String hash = hashing(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT).hash("a".repeat(72));
		assertThat(new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder().matches("a".repeat(72),
				hash.substring("{bcrypt}".length())))
			.isTrue();
	}

	@Test
	void passwordsAreComparedInNormalizationFormKc() {
		PasswordHashing hashing = hashing(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT);
		String composed = "caf\u00e9 au lait";
		String decomposed = "cafe\u0301 au lait";
		assertThat(hashing.matches(decomposed, hashing.hash(composed))).isTrue();
		assertThat(hashing.matches("\uFB01ve \uFF21pples", hashing.hash("five Apples"))).isTrue();
	}

	@Test
	void hashesAreSalted() {
		PasswordHashing hashing = hashing(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT);
		assertThat(hashing.hash("correct horse battery staple"))
			.isNotEqualTo(hashing.hash("correct horse battery staple"));
	}

	private static PasswordHashing hashing(PasswordProperties.Encoder encoder, int bcryptStrength) {
		return PasswordFixtures.hashing(PasswordFixtures.properties(encoder, bcryptStrength));
	}

	private static PasswordProperties properties(PasswordProperties.Encoder encoder, int bcryptStrength,
			PasswordProperties.Argon2 argon2) {
		PasswordProperties defaults = PasswordFixtures.properties(encoder, bcryptStrength);
		return new PasswordProperties(encoder, bcryptStrength, argon2, defaults.hashing(), defaults.commonPasswords(),
				defaults.serviceNames());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PasswordProperties.class)
	@Import(PasswordHashing.class)
	static class HashingConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
