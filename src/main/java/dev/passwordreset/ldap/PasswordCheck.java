package dev.passwordreset.ldap;

/**
 * What a directory said of a password when the service bound as the user with it.
 */
public enum PasswordCheck {

	/** Not the user's password, or the account may not bind at all (locked, disabled). */
	WRONG,

	/** The user's password. */
	RIGHT,

	/**
	 * The user's password, which the directory requires to be changed before anything
	 * else: Active Directory's {@code pwdLastSet=0} (bind refused with {@code data 773})
	 * or an expired password ({@code data 532}); the password policy overlay's
	 * {@code changeAfterReset} or {@code passwordExpired}. The user proved knowing it, so
	 * a change with it as the current password may go ahead, as it would in Windows.
	 */
	RIGHT_MUST_CHANGE

}
