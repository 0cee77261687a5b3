package dev.passwordreset.security;

import java.time.Instant;

import dev.passwordreset.identity.AccountRole;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated account behind a request, the key it used and how it presented it.
 *
 * @param accessKeyId the permanent or temporary key, or for a bearer token the key that
 * minted it (the token's issuer for an external token)
 * @param expiresAt when the credential presented stops working, or null for a permanent
 * key; whatever it mints ends no later
 */
public record Caller(String accountId, String accessKeyId, AccountRole role, CredentialKind credential,
		@Nullable Instant expiresAt) {

	/** A caller whose credential does not expire by itself. */
	public Caller(String accountId, String accessKeyId, AccountRole role, CredentialKind credential) {
		this(accountId, accessKeyId, role, credential, null);
	}

	public boolean isManagementAccount() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT;
	}

	public boolean isAdministrator() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT || this.role == AccountRole.DELEGATED_ADMINISTRATOR;
	}

}
