package dev.passwordreset.identity;

/**
 * What an account may do in the organization. Read on every request, so a revoked
 * delegation takes effect at once.
 */
public enum AccountRole {

	MANAGEMENT_ACCOUNT, DELEGATED_ADMINISTRATOR, MEMBER

}
