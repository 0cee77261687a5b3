package dev.passwordreset.otp;

import java.util.Arrays;

/**
 * The server-side HMAC key under which codes are stored, so that a copy of the database
 * cannot be searched for the codes offline. It is derived from the master key by whoever
 * builds the application, because this package knows nothing of how secrets are kept.
 */
public final class OneTimePasswordKey {

	private final byte[] bytes;

	public OneTimePasswordKey(byte[] bytes) {
		if (bytes.length < 32) {
			throw new IllegalArgumentException("an HMAC-SHA256 key needs at least 32 bytes");
		}
		this.bytes = bytes.clone();
	}

	byte[] bytes() {
		return this.bytes.clone();
	}

	@Override
	public String toString() {
		return "OneTimePasswordKey[***]";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof OneTimePasswordKey key && Arrays.equals(this.bytes, key.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

}
