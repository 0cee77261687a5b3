package dev.passwordreset.password;

import org.jspecify.annotations.Nullable;

/**
 * An identity store's password policy, in Huawei's terms, plus a maximum length of our
 * own.
 *
 * @param minimumPasswordLength at least this many characters ({@value #MIN_LENGTH} to
 * {@value #MAX_LENGTH})
 * @param maximumPasswordLength at most this many characters
 * ({@value #MAXIMUM_LENGTH_FLOOR} to {@value #MAXIMUM_LENGTH_CEILING}, and no less than
 * the minimum); longer passwords are refused, never truncated
 * @param maxPasswordAge days a password stays valid, or null for no limit (1 to 1095)
 * @param passwordReusePrevention how many previous passwords may not be reused, or null
 * (1 to 24)
 */
public record PasswordPolicy(int minimumPasswordLength, int maximumPasswordLength, boolean requireUppercaseCharacters,
		boolean requireLowercaseCharacters, boolean requireNumbers, boolean requireSymbols,
		@Nullable Integer maxPasswordAge, @Nullable Integer passwordReusePrevention) {

	/** The lowest allowed minimum length. */
	public static final int MIN_LENGTH = 8;

	/** The highest allowed minimum length. */
	public static final int MAX_LENGTH = 128;

	/** The maximum length of a store nobody has configured. */
	public static final int DEFAULT_MAXIMUM_LENGTH = 128;

	/**
	 * The lowest allowed maximum length: at least 64 characters are always accepted (NIST
	 * SP 800-63B).
	 */
	public static final int MAXIMUM_LENGTH_FLOOR = 64;

	/**
	 * The highest allowed maximum length, which bounds the work one check or hash may
	 * cost.
	 */
	public static final int MAXIMUM_LENGTH_CEILING = 1024;

	public static final int MAX_AGE_DAYS = 1095;

	public static final int MAX_REUSE_PREVENTION = 24;

	/**
	 * The policy of a store nobody has configured: 8 to 128 characters and no composition
	 * rules, as NIST SP 800-63B recommends.
	 */
	public static final PasswordPolicy DEFAULT = new PasswordPolicy(MIN_LENGTH, DEFAULT_MAXIMUM_LENGTH, false, false,
			false, false, null, null);

	/**
	 * How many previous passwords of a user the history keeps and refuses; 0 when there
	 * is no history.
	 */
	int historySize() {
		return (this.passwordReusePrevention != null) ? this.passwordReusePrevention : 0;
	}

}
