package dev.passwordreset.security;

import dev.passwordreset.identity.AccountRole;

/**
 * The authenticated account behind a request, the key it used and how it presented it.
 *
 * @param accessKeyId the permanent or temporary key, or for a bearer token the key that minted
 * it (the token's issuer for an external token)
 */
public record Caller(String accountId, String accessKeyId, AccountRole role, CredentialKind credential) {

	/**
	 * Only a permanent key may mint tokens and temporary credentials, so a leaked token cannot be
	 * used to extend its own life.
	 */
	public boolean holdsPermanentKey() {
		return this.credential == CredentialKind.PERMANENT_KEY;
	}

	public boolean isManagementAccount() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT;
	}

	public boolean isAdministrator() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT || this.role == AccountRole.DELEGATED_ADMINISTRATOR;
	}

}
