package dev.passwordreset.password;

import org.jspecify.annotations.Nullable;

/**
 * An identity store's password policy, in Huawei's terms.
 *
 * @param minimumPasswordLength at least this many characters (8 to 128)
 * @param maxPasswordAge days a password stays valid, or null for no limit (1 to 1095)
 * @param passwordReusePrevention how many previous passwords may not be reused, or null (1 to 24)
 */
public record PasswordPolicy(int minimumPasswordLength, boolean requireUppercaseCharacters,
		boolean requireLowercaseCharacters, boolean requireNumbers, boolean requireSymbols,
		@Nullable Integer maxPasswordAge, @Nullable Integer passwordReusePrevention) {

	/**
	 * The policy of a store nobody has configured: eight characters and no composition rules,
	 * as NIST SP 800-63B recommends.
	 */
	public static final PasswordPolicy DEFAULT = new PasswordPolicy(8, false, false, false, false, null, null);

	public static final int MIN_LENGTH = 8;

	public static final int MAX_LENGTH = 128;

	public static final int MAX_AGE_DAYS = 1095;

	public static final int MAX_REUSE_PREVENTION = 24;

}
