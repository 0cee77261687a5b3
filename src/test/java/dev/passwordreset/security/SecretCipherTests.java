package dev.passwordreset.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import dev.passwordreset.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretCipherTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	@TempDir
	Path dataDir;

	@Test
	void encryptedSecretDecryptsOnlyForTheRecordItWasSealedFor() {
		SecretCipher cipher = cipher(KEY);
		String sealed = cipher.encrypt("the-secret", "AKAAAAAAAAAAAAAAAAAA");
		assertThat(sealed).doesNotContain("the-secret");
		assertThat(cipher.decrypt(sealed, "AKAAAAAAAAAAAAAAAAAA")).isEqualTo("the-secret");
		assertThatExceptionOfType(SecretCipher.SecretUnreadableException.class)
			.isThrownBy(() -> cipher.decrypt(sealed, "AKBBBBBBBBBBBBBBBBBB"));
	}

	@Test
	void sameSecretEncryptsDifferentlyEachTime() {
		SecretCipher cipher = cipher(KEY);
		assertThat(cipher.encrypt("s", "id")).isNotEqualTo(cipher.encrypt("s", "id"));
	}

	@Test
	void alteredCiphertextIsRefused() {
		SecretCipher cipher = cipher(KEY);
		byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("the-secret", "id"));
		sealed[sealed.length - 1] ^= 1;
		assertThatExceptionOfType(SecretCipher.SecretUnreadableException.class)
			.isThrownBy(() -> cipher.decrypt(Base64.getEncoder().encodeToString(sealed), "id"));
	}

	@Test
	void anotherMasterKeyCannotDecrypt() {
		String sealed = cipher(KEY).encrypt("the-secret", "id");
		byte[] other = new byte[32];
		other[0] = 1;
		SecretCipher otherCipher = cipher(Base64.getEncoder().encodeToString(other));
		assertThatExceptionOfType(SecretCipher.SecretUnreadableException.class)
			.isThrownBy(() -> otherCipher.decrypt(sealed, "id"));
	}

	@Test
	void generatedMasterKeyIsReusedOnTheNextStart() {
		SecretCipher first = cipher(null);
		String sealed = first.encrypt("the-secret", "id");
		assertThat(cipher(null).decrypt(sealed, "id")).isEqualTo("the-secret");
	}

	@Test
	void masterKeyMustBeBase64Of32Bytes() {
		assertThatIllegalStateException().isThrownBy(() -> cipher("not base64!"))
			.withMessageContaining("must be base64");
		assertThatIllegalStateException().isThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16])))
			.withMessageContaining("32 bytes");
	}

	private SecretCipher cipher(String masterKey) {
		return new SecretCipher(new MasterKey(
				new SecurityProperties(masterKey, Duration.ofMinutes(15), new SecurityProperties.Jwt(
						"password-reset-service", Duration.ofSeconds(60), java.util.List.of())),
				new DataDirectory(this.dataDir), new MockEnvironment()));
	}

}
