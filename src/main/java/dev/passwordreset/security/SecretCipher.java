package dev.passwordreset.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

/**
 * AES-GCM encryption of secrets that must be recoverable (signature checks need the plain
 * secret, so hashing is not an option). The associated data binds a ciphertext to the
 * record it belongs to, so a ciphertext copied onto another row does not decrypt.
 */
@Component
class SecretCipher {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final MasterKey masterKey;

	private final SecureRandom random = new SecureRandom();

	SecretCipher(MasterKey masterKey) {
		this.masterKey = masterKey;
	}

	String encrypt(String plaintext, String associatedData) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.masterKey.key(), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * @throws SecretUnreadableException when the ciphertext was made with another key or
	 * for another record, or was altered
	 */
	String decrypt(String ciphertext, String associatedData) {
		try {
			byte[] bytes = Base64.getDecoder().decode(ciphertext);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.masterKey.key(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new SecretUnreadableException();
		}
	}

	static final class SecretUnreadableException extends RuntimeException {

		SecretUnreadableException() {
			super("A stored secret cannot be decrypted with the configured master key");
		}

	}

}
