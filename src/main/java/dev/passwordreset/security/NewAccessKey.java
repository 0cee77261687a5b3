package dev.passwordreset.security;

import java.time.Instant;

/**
 * A freshly created access key. This is the only object that ever holds the plain secret
 * for the caller, so it is not logged: {@link #toString()} leaves the secret out.
 */
public record NewAccessKey(String accessKeyId, String secretAccessKey, String accountId, Instant createdAt) {

	@Override
	public String toString() {
		return "NewAccessKey[accessKeyId=" + this.accessKeyId + ", accountId=" + this.accountId + "]";
	}

}
