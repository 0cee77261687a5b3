package dev.passwordreset.identity;

/**
 * Why an identity operation was refused. Each API face maps these to its own status and
 * body.
 */
public enum IdentityError {

	STORE_NOT_FOUND, USER_NOT_FOUND, ACCOUNT_NOT_FOUND, DELEGATED_ADMINISTRATOR_NOT_FOUND, GROUP_NOT_FOUND,

	MEMBERSHIP_NOT_FOUND,

	DUPLICATE_STORE_NAME, DUPLICATE_USER_NAME, DUPLICATE_ACCOUNT_NAME, ALREADY_DELEGATED_ADMINISTRATOR,

	DUPLICATE_GROUP_NAME, DUPLICATE_MEMBERSHIP,

	/** A value breaks a rule of the data model; the message names the attribute. */
	INVALID_ATTRIBUTE,

	/**
	 * The management account is already the organization's administrator and cannot be
	 * delegated to.
	 */
	MANAGEMENT_ACCOUNT_NOT_DELEGABLE,

	/** The store holds as many users, or groups, as its quota allows. */
	QUOTA_EXCEEDED,

	/** Someone else changed the same record between our read and our write. */
	CONCURRENT_MODIFICATION,

	/**
	 * The store's users live in an LDAP directory, where they are created, changed and
	 * deleted; this service only reads them and writes their passwords.
	 */
	READ_ONLY_STORE

}
