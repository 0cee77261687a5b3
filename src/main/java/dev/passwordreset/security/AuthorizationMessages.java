package dev.passwordreset.security;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Seals an {@link AuthorizationDenial} into the opaque
 * {@code encoded_authorization_message} of a 403, and opens it again for the management
 * account. Sealing with AES-GCM under the master key keeps the details (which rule, which
 * resource) from the denied caller, yet lets the administrator read them without server
 * logs, as Huawei's and AWS's STS do.
 */
@Component
public class AuthorizationMessages {

	/**
	 * Binds sealed messages to this purpose, so no other ciphertext of ours decodes as
	 * one.
	 */
	private static final String PURPOSE = "encoded-authorization-message";

	private final SecretCipher cipher;

	private final JsonMapper json;

	AuthorizationMessages(SecretCipher cipher, JsonMapper json) {
		this.cipher = cipher;
		this.json = json;
	}

	public String encode(AuthorizationDenial denial) {
		String sealed = this.cipher.encrypt(this.json.writeValueAsString(denial), PURPOSE);
		// URL-safe, so the message survives being pasted into a query or a form.
		return sealed.replace('+', '-').replace('/', '_').replace("=", "");
	}

	/**
	 * @return the denial as JSON, or empty when the message was not made here, was
	 * altered, or was made under another master key
	 */
	public Optional<String> decode(String encoded) {
		try {
			String standard = encoded.replace('-', '+').replace('_', '/');
			String padded = standard + "=".repeat((4 - standard.length() % 4) % 4);
			String plain = this.cipher.decrypt(padded, PURPOSE);
			// Re-serialize through the record so only its fields ever come out.
			return Optional.of(this.json.writeValueAsString(this.json.readValue(plain, AuthorizationDenial.class)));
		}
		catch (SecretCipher.SecretUnreadableException | JacksonException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
