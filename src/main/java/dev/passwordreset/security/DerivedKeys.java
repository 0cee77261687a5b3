package dev.passwordreset.security;

import org.springframework.stereotype.Component;

/**
 * Keys derived from the master key for features outside this package, such as the HMAC
 * key of one-time codes, so that they need neither the master key nor a key of their own
 * to keep. Each purpose gets its own key; no key serves two purposes. Configurations in
 * this package hand each feature its key ({@link OneTimePasswordKeyConfiguration}).
 */
@Component
class DerivedKeys {

	private final MasterKey masterKey;

	DerivedKeys(MasterKey masterKey) {
		this.masterKey = masterKey;
	}

	/**
	 * @param purpose a fixed name of the key's one use, such as
	 * {@code one-time-code-hmac}
	 * @return 32 bytes, the same for the same master key and purpose
	 */
	byte[] forPurpose(String purpose) {
		return this.masterKey.derive(purpose);
	}

}
