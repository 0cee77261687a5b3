package dev.passwordreset.password;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every rule of a password policy, each with the one key that names it to callers. OAM
 * calls the key {@code resourceBundleKey}: the policy a store publishes and the
 * violations a refused password reports both take it from here, so a client can match a
 * violation to the rule it showed the user. A key, once published, is never renamed.
 */
public enum PasswordRule {

	MIN_LENGTH("PasswordMinLength", "TOO_SHORT"),

	MAX_LENGTH("PasswordMaxLength", "TOO_LONG"),

	NO_CONTROL_CHARACTERS("PasswordNoControlChars", "ILLEGAL_MATCH"),

	UPPERCASE("PasswordMinUpperCase", "INSUFFICIENT_UPPERCASE"),

	LOWERCASE("PasswordMinLowerCase", "INSUFFICIENT_LOWERCASE"),

	DIGIT("PasswordMinNumeric", "INSUFFICIENT_DIGIT"),

	SYMBOL("PasswordMinSpecialChars", "INSUFFICIENT_SPECIAL"),

	HISTORY("PasswordHistory", "HISTORY_VIOLATION"),

	/**
	 * The password's lifetime: published with the policy, never a reason to refuse a new
	 * password.
	 */
	EXPIRY("PasswordExpiryDays"),

	DICTIONARY("PasswordDictionary", "ILLEGAL_WORD"),

	USER_ATTRIBUTES("PasswordUserAttributes", "ILLEGAL_USER_NAME", "ILLEGAL_EMAIL", "ILLEGAL_DISPLAY_NAME"),

	SERVICE_NAMES("PasswordServiceNames", "ILLEGAL_SERVICE_NAME");

	private final String key;

	private final List<String> errorCodes;

	PasswordRule(String key, String... errorCodes) {
		this.key = key;
		this.errorCodes = List.of(errorCodes);
	}

	/** The rule's stable name for callers, OAM's {@code resourceBundleKey}. */
	public String key() {
		return this.key;
	}

	/**
	 * Whether a store with this policy enforces (or, for {@link #EXPIRY}, applies) the
	 * rule; the rules no policy can switch off always apply.
	 */
	public boolean appliesTo(PasswordPolicy policy) {
		return switch (this) {
			case UPPERCASE -> policy.requireUppercaseCharacters();
			case LOWERCASE -> policy.requireLowercaseCharacters();
			case DIGIT -> policy.requireNumbers();
			case SYMBOL -> policy.requireSymbols();
			case HISTORY -> policy.passwordReusePrevention() != null;
			case EXPIRY -> policy.maxPasswordAge() != null;
			case MIN_LENGTH, MAX_LENGTH, NO_CONTROL_CHARACTERS, DICTIONARY, USER_ATTRIBUTES, SERVICE_NAMES -> true;
		};
	}

	/**
	 * The rule's bare value in the policy, as {@link PasswordRuleStatement} publishes it
	 * and its sentence shows it: a number for the rules that have one, {@code true} for
	 * the others. The history's count and the expiry's days are 0 for a policy without
	 * them, which never states those rules.
	 */
	Object value(PasswordPolicy policy) {
		return switch (this) {
			case MIN_LENGTH -> policy.minimumPasswordLength();
			case MAX_LENGTH -> policy.maximumPasswordLength();
			case UPPERCASE, LOWERCASE, DIGIT, SYMBOL -> 1;
			case HISTORY -> policy.historySize();
			case EXPIRY -> (policy.maxPasswordAge() != null) ? policy.maxPasswordAge() : 0;
			case NO_CONTROL_CHARACTERS, DICTIONARY, USER_ATTRIBUTES, SERVICE_NAMES -> true;
		};
	}

	/** The rules a store with this policy publishes, in a stable order. */
	public static List<PasswordRule> of(PasswordPolicy policy) {
		return Stream.of(values()).filter((rule) -> rule.appliesTo(policy)).toList();
	}

	/** The rule that reports a Passay error code (ours or Passay's own), if any does. */
	static Optional<PasswordRule> reporting(String errorCode) {
		return Stream.of(values()).filter((rule) -> rule.errorCodes.contains(errorCode)).findFirst();
	}

}
