package dev.passwordreset.identity;

/** Where an identity store's users and their passwords live. */
public enum IdentityStoreKind {

	/** In this service's own tables, with its own password hashes. */
	INTERNAL,

	/**
	 * In an LDAP directory configured under {@code reset.ldap.stores.<store name>}: users
	 * are read from it, and a new password is written to it.
	 */
	LDAP

}
