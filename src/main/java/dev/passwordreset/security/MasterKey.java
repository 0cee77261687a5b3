package dev.passwordreset.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.passwordreset.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The AES-256 key that protects secrets at rest. It comes from
 * {@code reset.security.master-key}; on the embedded default it is generated once into
 * {@code master.key} in the data directory, readable by the owner only. A deployment on
 * PostgreSQL must supply it, because a key that lives beside a shared database would be
 * lost with the instance that made it.
 */
@Component
class MasterKey {

	private static final Logger logger = LoggerFactory.getLogger(MasterKey.class);

	static final int KEY_BYTES = 32;

	private static final String FILE_NAME = "master.key";

	private final SecretKey key;

	MasterKey(SecurityProperties properties, DataDirectory dataDirectory, Environment environment) {
		this.key = new SecretKeySpec(load(properties, dataDirectory, environment), "AES");
	}

	SecretKey key() {
		return this.key;
	}

	/**
	 * A key for one purpose only (signing bearer tokens, sealing security tokens),
	 * derived from the master key with HMAC-SHA256, so that one master key serves them
	 * all and no key is used for two things.
	 */
	byte[] derive(String purpose) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key.getEncoded(), "HmacSHA256"));
			return mac.doFinal(("password-reset-service/" + purpose).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static byte[] load(SecurityProperties properties, DataDirectory dataDirectory, Environment environment) {
		String configured = properties.masterKey();
		if (configured != null && !configured.isBlank()) {
			return decode(configured.strip());
		}
		if (environment.acceptsProfiles(Profiles.of("postgres"))) {
			throw new IllegalStateException(
					"reset.security.master-key is required with the postgres profile (base64 of 32 random bytes)");
		}
		return fromFile(dataDirectory.resolve(FILE_NAME));
	}

	private static byte[] decode(String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("reset.security.master-key must be base64");
		}
		if (bytes.length != KEY_BYTES) {
			Arrays.fill(bytes, (byte) 0);
			throw new IllegalStateException(
					"reset.security.master-key must decode to " + KEY_BYTES + " bytes (AES-256)");
		}
		return bytes;
	}

	private static byte[] fromFile(Path file) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file).strip());
			}
			byte[] bytes = new byte[KEY_BYTES];
			new SecureRandom().nextBytes(bytes);
			OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(bytes) + "\n");
			logger.info("Generated a master key in {}; back it up with the database", file.toAbsolutePath());
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the master key file " + file, ex);
		}
	}

}
