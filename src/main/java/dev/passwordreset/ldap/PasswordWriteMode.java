package dev.passwordreset.ldap;

/** How a store's directory is given a new password. */
public enum PasswordWriteMode {

	/**
	 * The LDAP Password Modify extended operation (RFC 3062): the server hashes the
	 * password and applies its own policy.
	 */
	PASSWORD_MODIFY,

	/**
	 * {@code userPassword} replaced with the clear value, for servers without RFC 3062;
	 * the server (OpenLDAP's {@code ppolicy_hash_cleartext}, say) hashes it.
	 */
	REPLACE,

	/**
	 * Active Directory: {@code unicodePwd} replaced with the quoted UTF-16LE value, over
	 * LDAPS only, and {@code pwdLastSet=0} when the user must change it.
	 */
	ACTIVE_DIRECTORY

}
