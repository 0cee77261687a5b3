package dev.passwordreset.security;

import dev.passwordreset.identity.AccountRole;

/**
 * The authenticated account behind a request, the key it used and how it presented it.
 *
 * @param accessKeyId the permanent or temporary key, or for a bearer token the key that minted
 * it (the token's issuer for an external token)
 */
public record Caller(String accountId, String accessKeyId, AccountRole role, CredentialKind credential) {

	public boolean isManagementAccount() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT;
	}

	public boolean isAdministrator() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT || this.role == AccountRole.DELEGATED_ADMINISTRATOR;
	}

}
