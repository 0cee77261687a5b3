package dev.passwordreset.security;

import dev.passwordreset.identity.AccountRole;

/**
 * The authenticated account behind a request, and the key it used.
 */
public record Caller(String accountId, String accessKeyId, AccountRole role) {

	public boolean isManagementAccount() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT;
	}

	public boolean isAdministrator() {
		return this.role == AccountRole.MANAGEMENT_ACCOUNT || this.role == AccountRole.DELEGATED_ADMINISTRATOR;
	}

}
