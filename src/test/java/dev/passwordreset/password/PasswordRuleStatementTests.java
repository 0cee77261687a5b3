package dev.passwordreset.password;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import static dev.passwordreset.password.PasswordFixtures.NO_CONTEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the password feature publishes about its rules, and that a refusal uses the same
 * words as the rule it names.
 */
class PasswordRuleStatementTests {

	/** A short list of common passwords: the shipped one takes a second to read. */
	private static final PasswordRules RULES = new PasswordRules(
			new PasswordProperties(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT,
					new PasswordProperties.Argon2(19456, 2, 1), PasswordFixtures.HASHING_DEFAULTS,
					new ByteArrayResource("password1!\n".getBytes(StandardCharsets.UTF_8)),
					List.of("password-reset-service")),
			PasswordFixtures
				.hashing(PasswordFixtures.properties(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT)));

	/** Every rule on: classes, history of 3, expiry after 90 days. */
	private static final PasswordPolicy EVERYTHING = new PasswordPolicy(10, 64, true, true, true, true, 90, 3);

	@Test
	void aPolicyWithEveryRuleOnStatesEveryRuleOnceInTheOrderOfTheRules() {
		assertThat(PasswordRuleStatement.of(EVERYTHING)).extracting(PasswordRuleStatement::rule)
			.containsExactly(PasswordRule.values());
	}

	@Test
	void theSentencesCarryThePolicysValues() {
		assertThat(PasswordRuleStatement.of(EVERYTHING)).extracting(PasswordRuleStatement::sentence)
			.containsExactly("Password must be at least 10 characters.", "Password must be at most 64 characters.",
					"Password must not contain control characters.", "Password must contain an upper-case letter.",
					"Password must contain a lower-case letter.", "Password must contain a digit.",
					"Password must contain a symbol.", "Password must not be one of the last 3 passwords.",
					"Password expires after 90 days.", "Password must not be a common password.",
					"Password must not contain the user name, the email address or the display name.",
					"Password must not contain the name of this service.");
		assertThat(PasswordRuleStatement.of(EVERYTHING)).extracting(PasswordRuleStatement::value)
			.containsExactly("10", "64", "true", "1", "1", "1", "1", "3", "90", "true", "true", "true");
	}

	@Test
	void theDefaultPolicyStatesOnlyTheRulesThatAlwaysApply() {
		assertThat(PasswordRuleStatement.of(PasswordPolicy.DEFAULT)).extracting(PasswordRuleStatement::key)
			.containsExactly("PasswordMinLength", "PasswordMaxLength", "PasswordNoControlChars", "PasswordDictionary",
					"PasswordUserAttributes", "PasswordServiceNames");
	}

	@Test
	void countsOfOneAndLargeNumbersReadAsWords() {
		PasswordPolicy one = new PasswordPolicy(8, 1024, false, false, false, false, 1, 1);
		assertThat(PasswordRuleStatement.of(one)).extracting(PasswordRuleStatement::sentence)
			.contains("Password must be at most 1024 characters.", "Password must not be the previous password.",
					"Password expires after 1 day.");
	}

	@Test
	void aBrokenRuleIsRefusedWithTheSentenceThePolicyStatesForIt() {
		PasswordPolicy policy = new PasswordPolicy(10, 64, true, true, true, true, null, 3);
		List<String> refusals = Arrays
			.asList("Aa1!aa", "Aa1!" + "q".repeat(70), "Aa1!\u0007-Lantern-Meadow", "quartz-meadow-lantern-42",
					"QUARTZ-MEADOW-LANTERN-42", "Quartz-Meadow-Lantern-xx", "QuartzMeadowLantern42", "Password1!",
					"x-Password-Reset-Service-1!")
			.stream()
			.flatMap((password) -> RULES.violations(policy, password, NO_CONTEXT, List.of()).stream())
			.map((violation) -> violation.reason())
			.toList();
		List<String> stated = PasswordRuleStatement.of(policy).stream().map(PasswordRuleStatement::sentence).toList();
		assertThat(refusals).isNotEmpty().allSatisfy((reason) -> assertThat(stated).contains(reason));
		assertThat(refusals).contains("Password must be at least 10 characters.",
				"Password must be at most 64 characters.", "Password must not contain control characters.",
				"Password must contain an upper-case letter.", "Password must contain a lower-case letter.",
				"Password must contain a digit.", "Password must contain a symbol.",
				"Password must not be a common password.", "Password must not contain the name of this service.");
	}

	@Test
	void aRefusalForTheUsersOwnWordsNamesWhichOne() {
		PasswordContext context = new PasswordContext("zebra", "stripe@example.com", "Savanna Horse");
		assertThat(RULES.violations(PasswordPolicy.DEFAULT, "zebra-stripe-savanna", context, List.of()))
			.extracting(PasswordViolation::reason)
			.containsExactly("Password must not contain the user name.", "Password must not contain the email address.",
					"Password must not contain the display name.");
	}

}
