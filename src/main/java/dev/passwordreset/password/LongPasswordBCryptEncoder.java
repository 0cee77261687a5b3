package dev.passwordreset.password;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt that accepts passwords of any length. bcrypt reads only the first 72 bytes of a
 * password, and Spring Security's encoder refuses longer ones when hashing but truncates
 * them when matching. A password of up to 72 bytes in UTF-8 is hashed as it is, so these
 * hashes are plain bcrypt for every password other tools can handle. A longer one is
 * first reduced to the 64-character base64 of its HMAC-SHA-384; the key only separates
 * this use from any other digest of the same password, so that unsalted digests leaked
 * elsewhere cannot be tested against these hashes.
 */
final class LongPasswordBCryptEncoder implements PasswordEncoder {

	static final int BCRYPT_MAX_BYTES = 72;

	private static final byte[] PREHASH_KEY = "dev.passwordreset bcrypt pre-hash v1"
		.getBytes(StandardCharsets.US_ASCII);

	private final BCryptPasswordEncoder bcrypt;

	LongPasswordBCryptEncoder(int strength) {
		this.bcrypt = new BCryptPasswordEncoder(strength);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.bcrypt.encode(fitted(rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		return this.bcrypt.matches(fitted(rawPassword), encodedPassword);
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.bcrypt.upgradeEncoding(encodedPassword);
	}

	private static String fitted(CharSequence rawPassword) {
		byte[] bytes = rawPassword.toString().getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= BCRYPT_MAX_BYTES) {
			return rawPassword.toString();
		}
		try {
			Mac hmac = Mac.getInstance("HmacSHA384");
			hmac.init(new SecretKeySpec(PREHASH_KEY, "HmacSHA384"));
			return Base64.getEncoder().encodeToString(hmac.doFinal(bytes));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA384 is part of every Java platform", ex);
		}
	}

}
