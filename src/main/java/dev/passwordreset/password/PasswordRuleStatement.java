package dev.passwordreset.password;

import java.util.List;

/**
 * One rule of a store's password policy as the policy states it. This is what the
 * password feature publishes about its rules: a face that shows a policy renders these
 * and states no rule of its own, and a password that breaks a rule is refused with the
 * same sentence.
 *
 * @param rule the rule, whose {@link PasswordRule#key() key} names it to callers
 * @param value the rule's bare value in the policy: a length, a count of passwords, a
 * number of days, {@code 1} for a character class that must appear, or {@code true} for a
 * rule that always applies
 * @param sentence the rule as a short English sentence, such as "Password must be at
 * least 12 characters."
 */
public record PasswordRuleStatement(PasswordRule rule, String value, String sentence) {

	/**
	 * The rules a store with this policy publishes, in the order of {@link PasswordRule}.
	 */
	public static List<PasswordRuleStatement> of(PasswordPolicy policy) {
		return PasswordRule.of(policy)
			.stream()
			.map((rule) -> new PasswordRuleStatement(rule, String.valueOf(rule.value(policy)),
					RuleSentences.statement(rule, policy)))
			.toList();
	}

	/** The rule's key, OAM's {@code resourceBundleKey}. */
	public String key() {
		return this.rule.key();
	}

}
