package dev.passwordreset.password;

/**
 * One rule a password breaks.
 *
 * @param rule the rule, whose {@link PasswordRule#key() key} names it to callers
 * @param reason a short English sentence such as "Password must be at least 12
 * characters."; it never quotes the password
 */
public record PasswordViolation(PasswordRule rule, String reason) {

	/**
	 * A refusal by an LDAP store's directory, as the rule it comes closest to and in the
	 * words of this feature's message source ({@code reason.DIRECTORY_<refusal>}), never
	 * the directory's own.
	 * @param refusal the directory's reason, such as {@code TOO_SHORT}
	 */
	public static PasswordViolation byDirectory(String refusal) {
		String errorCode = "DIRECTORY_" + refusal;
		PasswordRule rule = PasswordRule.reporting(errorCode)
			.orElseThrow(() -> new IllegalArgumentException("No rule reports " + errorCode));
		return new PasswordViolation(rule, RuleSentences.reason(errorCode)
			.orElseThrow(() -> new IllegalArgumentException("No sentence for " + errorCode)));
	}

}
