package dev.passwordreset.password;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static dev.passwordreset.password.PasswordFixtures.NO_CONTEXT;
import static dev.passwordreset.password.PasswordFixtures.classes;
import static dev.passwordreset.password.PasswordFixtures.lengths;
import static dev.passwordreset.password.PasswordFixtures.reasons;
import static org.assertj.core.api.Assertions.assertThat;

class PasswordRulesTests {

	private static final PasswordRules RULES = PasswordFixtures.rules();

	private static final PasswordHashing HASHING = PasswordFixtures
		.hashing(PasswordFixtures.properties(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT));

	private static final PasswordPolicy DEFAULT = PasswordPolicy.DEFAULT;

	private static final PasswordPolicy ALL_CLASSES = classes(8, true, true, true, true);

	private static final PasswordPolicy LAST_TWO = new PasswordPolicy(8, 128, false, false, false, false, null, 2);

	@Test
	void theShippedCommonPasswordListHoldsAtLeastTenThousandEntries() {
		assertThat(RULES.commonPasswordCount()).isGreaterThanOrEqualTo(10_000);
	}

	@Test
	void defaultPolicyAcceptsEightCharactersWithoutCompositionRules() {
		assertThat(violations(DEFAULT, "vqmbtrxz")).isEmpty();
		assertThat(violations(DEFAULT, "long passphrase of lower-case words only")).isEmpty();
	}

	@Test
	void tooShortIsRefusedNamingTheMinimum() {
		assertThat(violations(DEFAULT, "vqmbtrx")).containsExactly("Password must be at least 8 characters.");
		assertThat(violations(lengths(12, 128), "vqmbtrxz-42"))
			.containsExactly("Password must be at least 12 characters.");
		assertThat(violations(DEFAULT, "")).containsExactly("Password must be at least 8 characters.");
	}

	@Test
	void defaultPolicyAcceptsPassphrasesOf64And128CharactersAndRefuses129() {
		String sixtyFour = passphrase(64);
		String hundredTwentyEight = passphrase(128);
		assertThat(violations(DEFAULT, sixtyFour)).isEmpty();
		assertThat(violations(DEFAULT, hundredTwentyEight)).isEmpty();
		assertThat(violations(DEFAULT, passphrase(129))).containsExactly("Password must be at most 128 characters.");
	}

	@Test
	void maximumLengthFollowsThePolicy() {
		assertThat(violations(lengths(8, 1024), passphrase(1024))).isEmpty();
		assertThat(violations(lengths(8, 1024), passphrase(1025)))
			.containsExactly("Password must be at most 1024 characters.");
		assertThat(violations(lengths(8, 64), passphrase(65)))
			.containsExactly("Password must be at most 64 characters.");
	}

	@Test
	void lengthCountsUnicodeCharactersNotUtf16Units() {
		String eightEmoji = "🐢🦊🐙🦉🐝🦔🐳🦋";
		assertThat(eightEmoji.length()).isEqualTo(16);
		assertThat(violations(DEFAULT, eightEmoji)).isEmpty();
		assertThat(violations(DEFAULT, eightEmoji.substring(0, 14)))
			.containsExactly("Password must be at least 8 characters.");
		assertThat(violations(lengths(8, 64), "🐢".repeat(64))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Grüße aus Köln", "надёжный пароль", "很长的中文密码短语", "كلمة مرور طويلة", "パスワードです。",
			"tab-free but spaced out", "¡Olé! ñandú €42" })
	void printableUnicodeIsAccepted(String password) {
		assertThat(violations(DEFAULT, password)).isEmpty();
	}

	@Test
	void controlCharactersAreRefused() {
		assertThat(violations(DEFAULT, "vqmb\u0000trxz"))
			.containsExactly("Password must not contain control characters.");
		assertThat(violations(DEFAULT, "vqmb\ntrxz\t"))
			.containsExactly("Password must not contain control characters.");
	}

	@Test
	void requiredCharacterClassesAreEachReportedWhenMissing() {
		assertThat(violations(ALL_CLASSES, "vqmbtrxzwk")).containsExactly("Password must contain an upper-case letter.",
				"Password must contain a digit.", "Password must contain a symbol.");
		assertThat(violations(ALL_CLASSES, "VQMBTRXZWK")).containsExactly("Password must contain a lower-case letter.",
				"Password must contain a digit.", "Password must contain a symbol.");
		assertThat(violations(ALL_CLASSES, "Vqmb-trxz7")).isEmpty();
	}

	@Test
	void eachCharacterClassIsRequiredOnlyWhenThePolicySaysSo() {
		assertThat(violations(classes(8, true, false, false, false), "vqmbtrxz"))
			.containsExactly("Password must contain an upper-case letter.");
		assertThat(violations(classes(8, false, true, false, false), "VQMBTRXZ"))
			.containsExactly("Password must contain a lower-case letter.");
		assertThat(violations(classes(8, false, false, true, false), "vqmbtrxz"))
			.containsExactly("Password must contain a digit.");
		assertThat(violations(classes(8, false, false, false, true), "vqmbtrxz"))
			.containsExactly("Password must contain a symbol.");
		assertThat(violations(classes(8, false, false, false, false), "vqmbtrxz")).isEmpty();
	}

	@Test
	void characterClassesAreJudgedOverAllOfUnicode() {
		assertThat(violations(ALL_CLASSES, "Ärger über ölpreis ٣ €")).isEmpty();
		assertThat(violations(ALL_CLASSES, "Ärger€über٣ölpreis")).isEmpty();
		assertThat(violations(classes(8, false, false, false, true), "vqmb trxz")).as("a space is not a symbol")
			.containsExactly("Password must contain a symbol.");
		assertThat(violations(classes(8, false, false, false, true), "vqmb🐢trxz")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "password1", "iloveyou", "PassWord1", "ILOVEYOU", "qwertyuiop", "12345678", "ｐａｓｓｗｏｒｄ１" })
	void commonPasswordsAreRefusedWithoutRegardToCaseOrWidth(String password) {
		assertThat(violations(DEFAULT, password)).containsExactly("Password must not be a common password.");
	}

	@Test
	void aCommonPasswordInsideALongerOneIsNoReasonToRefuseIt() {
		assertThat(violations(DEFAULT, "iloveyou and the smell of rain")).isEmpty();
	}

	@Test
	void theCommonPasswordListCanBeReplaced() {
		PasswordProperties properties = new PasswordProperties(PasswordProperties.Encoder.BCRYPT,
				PasswordFixtures.FAST_BCRYPT, new PasswordProperties.Argon2(19456, 2, 1),
				PasswordFixtures.HASHING_DEFAULTS,
				new ByteArrayResource("Correct-Horse\n\n  tr0ub4dor&3  \n".getBytes()), List.of());
		PasswordRules rules = new PasswordRules(properties, HASHING);
		assertThat(rules.commonPasswordCount()).isEqualTo(2);
		assertThat(reasons(rules.violations(DEFAULT, "correct-HORSE", NO_CONTEXT, List.of())))
			.containsExactly("Password must not be a common password.");
		assertThat(reasons(rules.violations(DEFAULT, "Tr0ub4dor&3", NO_CONTEXT, List.of())))
			.containsExactly("Password must not be a common password.");
		assertThat(reasons(rules.violations(DEFAULT, "password1", NO_CONTEXT, List.of()))).isEmpty();
	}

	@Test
	void theUserNameIsRefusedInsideThePasswordWithoutRegardToCase() {
		PasswordContext alice = new PasswordContext("alice", null, null);
		assertThat(reasons(RULES.violations(DEFAULT, "my-ALICE-2024!", alice, List.of())))
			.containsExactly("Password must not contain the user name.");
		assertThat(reasons(RULES.violations(DEFAULT, "my-bob-2024!", alice, List.of()))).isEmpty();
		PasswordContext dotted = new PasswordContext("grace.hopper", null, null);
		assertThat(reasons(RULES.violations(DEFAULT, "admiral hopper", dotted, List.of())))
			.containsExactly("Password must not contain the user name.");
	}

	@Test
	void theEmailLocalPartIsRefusedButNotTheDomain() {
		PasswordContext context = new PasswordContext("u1", "ada.lovelace@analytical.example", null);
		assertThat(reasons(RULES.violations(DEFAULT, "countess-LOVELACE", context, List.of())))
			.containsExactly("Password must not contain the email address.");
		assertThat(reasons(RULES.violations(DEFAULT, "ada.lovelace-1815", context, List.of())))
			.containsExactly("Password must not contain the email address.");
		assertThat(reasons(RULES.violations(DEFAULT, "analytical engine", context, List.of()))).isEmpty();
	}

	@Test
	void theDisplayNameAndItsWordsAreRefused() {
		PasswordContext context = new PasswordContext("u1", null, "Alan Mathison Turing");
		assertThat(reasons(RULES.violations(DEFAULT, "enigma-turing-1912", context, List.of())))
			.containsExactly("Password must not contain the display name.");
		assertThat(reasons(RULES.violations(DEFAULT, "bombe at bletchley", context, List.of()))).isEmpty();
	}

	@Test
	void theServiceNamesAndTheirWordsAreRefused() {
		PasswordRules rules = new PasswordRules(
				new PasswordProperties(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT,
						new PasswordProperties.Argon2(19456, 2, 1), PasswordFixtures.HASHING_DEFAULTS,
						new ByteArrayResource("tr0ub4dor&3\n".getBytes()), List.of("Acme", "Acme Portal", "id")),
				HASHING);
		assertThat(reasons(rules.violations(DEFAULT, "my ACME pass 2026!", NO_CONTEXT, List.of())))
			.containsExactly("Password must not contain the name of this service.");
		assertThat(reasons(rules.violations(DEFAULT, "ACMEPORTAL and acme portal", NO_CONTEXT, List.of()))).hasSize(1);
		assertThat(reasons(rules.violations(DEFAULT, "valid idea for a portal", NO_CONTEXT, List.of())))
			.as("names of fewer than three characters, and words of a name, do not count alone")
			.isEmpty();
		assertThat(reasons(RULES.violations(DEFAULT, "x-Password-Reset-Service-1", NO_CONTEXT, List.of())))
			.as("the default name")
			.containsExactly("Password must not contain the name of this service.");
		assertThat(reasons(RULES.violations(DEFAULT, "reset my service, please", NO_CONTEXT, List.of()))).isEmpty();
	}

	@Test
	void contextWordsShorterThanThreeCharactersAreIgnored() {
		PasswordContext context = new PasswordContext("al", "jo@example.com", "Li Bo");
		assertThat(reasons(RULES.violations(DEFAULT, "always jolly libo", context, List.of()))).isEmpty();
		PasswordContext shortWords = new PasswordContext("al", null, "Li Bo Xi");
		assertThat(reasons(RULES.violations(DEFAULT, "always jolly li bo", shortWords, List.of()))).isEmpty();
		assertThat(reasons(RULES.violations(DEFAULT, "call me li bo xi", shortWords, List.of())))
			.as("the whole display name is long enough to count")
			.containsExactly("Password must not contain the display name.");
	}

	@Test
	void everyBrokenRuleIsReportedOnce() {
		PasswordContext context = new PasswordContext("bob", "bob@example.com", "Bob");
		assertThat(reasons(RULES.violations(ALL_CLASSES, "bob", context, List.of()))).containsExactly(
				"Password must be at least 8 characters.", "Password must contain an upper-case letter.",
				"Password must contain a digit.", "Password must contain a symbol.",
				"Password must not contain the user name.", "Password must not contain the email address.",
				"Password must not contain the display name.");
	}

	@Test
	void eachBrokenRuleIsNamedByItsOwnRule() {
		PasswordContext context = new PasswordContext("bob", "bob@example.com", "Bob");
		assertThat(RULES.violations(ALL_CLASSES, "bob\u0007", context, List.of())).extracting(PasswordViolation::rule)
			.containsExactly(PasswordRule.MIN_LENGTH, PasswordRule.NO_CONTROL_CHARACTERS, PasswordRule.UPPERCASE,
					PasswordRule.DIGIT, PasswordRule.SYMBOL, PasswordRule.USER_ATTRIBUTES, PasswordRule.USER_ATTRIBUTES,
					PasswordRule.USER_ATTRIBUTES);
		assertThat(RULES.violations(DEFAULT, "password1", NO_CONTEXT, List.of())).extracting(PasswordViolation::rule)
			.containsExactly(PasswordRule.DICTIONARY);
		assertThat(RULES.violations(DEFAULT, "x-Password-Reset-Service-1", NO_CONTEXT, List.of()))
			.extracting(PasswordViolation::rule)
			.containsExactly(PasswordRule.SERVICE_NAMES);
		assertThat(RULES.violations(DEFAULT, "y".repeat(200), NO_CONTEXT, List.of()))
			.extracting(PasswordViolation::rule)
			.containsExactly(PasswordRule.MAX_LENGTH);
		assertThat(RULES.violations(DEFAULT, "second winter garden", NO_CONTEXT,
				List.of(HASHING.hash("second winter garden"))))
			.extracting(PasswordViolation::rule)
			.containsExactly(PasswordRule.HISTORY);
	}

	@Test
	void everyRuleHasItsOwnKey() {
		assertThat(Arrays.stream(PasswordRule.values()).map(PasswordRule::key)).doesNotHaveDuplicates()
			.allSatisfy((key) -> assertThat(key).matches("Password[A-Za-z]+"));
	}

	@Test
	void aRecentPasswordIsRefusedAndAnOlderOneIsNot() {
		List<String> recent = List.of(HASHING.hash("first winter garden"), HASHING.hash("second winter garden"));
		assertThat(reasons(RULES.violations(LAST_TWO, "second winter garden", NO_CONTEXT, recent)))
			.containsExactly("Password must not be one of the last 2 passwords.");
		assertThat(reasons(RULES.violations(LAST_TWO, "first winter garden", NO_CONTEXT, recent)))
			.containsExactly("Password must not be one of the last 2 passwords.");
		assertThat(reasons(RULES.violations(LAST_TWO, "third winter garden", NO_CONTEXT, recent))).isEmpty();
	}

	@Test
	void theHistoryIsCheckedOnlyWhenEveryOtherRulePasses() {
		List<String> recent = List.of(HASHING.hash("vqmbtrxz"));
		assertThat(reasons(RULES.violations(ALL_CLASSES, "vqmbtrxz", NO_CONTEXT, recent))).containsExactly(
				"Password must contain an upper-case letter.", "Password must contain a digit.",
				"Password must contain a symbol.");
	}

	@Test
	void noReasonQuotesThePasswordOrAContextWord() {
		PasswordContext context = new PasswordContext("zebra", "zebra.stripe@example.com", "Zebra Stripe");
		List<String> passwords = List.of("zebra", "stripe-zebra", "Zebra\u0007Stripe", "iloveyou", "x".repeat(2000),
				"ilovezebras");
		for (String password : passwords) {
			List<String> reasons = reasons(RULES.violations(ALL_CLASSES, password, context, List.of()));
			assertThat(reasons).isNotEmpty();
			assertThat(reasons).allSatisfy((reason) -> {
				assertThat(reason).doesNotContainIgnoringCase("zebra")
					.doesNotContainIgnoringCase("stripe")
					.doesNotContain("iloveyou")
					.doesNotContain("xxxx")
					.endsWith(".");
				assertThat(reason).startsWith("Password ");
			});
		}
	}

	@Test
	void everySentenceNamesARuleOrAnErrorCodeOfOne() throws IOException {
		Properties sentences = new Properties();
		try (InputStream in = new ClassPathResource("password/messages.properties").getInputStream()) {
			sentences.load(in);
		}
		List<String> keys = Arrays.stream(PasswordRule.values()).map(PasswordRule::key).toList();
		assertThat(sentences.stringPropertyNames()).isNotEmpty().allSatisfy((name) -> {
			if (name.startsWith("rule.")) {
				assertThat(keys).as(name).contains(name.substring("rule.".length()));
			}
			else {
				assertThat(name).startsWith("reason.");
				assertThat(PasswordRule.reporting(name.substring("reason.".length()))).as(name).isPresent();
			}
		});
		assertThat(sentences.values()).doesNotContain("Password is not acceptable.");
	}

	private static List<String> violations(PasswordPolicy policy, String password) {
		return reasons(RULES.violations(policy, password, NO_CONTEXT, List.of()));
	}

	/** Lower-case words and spaces, exactly {@code length} characters long. */
	private static String passphrase(int length) {
		String words = "correct horse battery staple under a quiet northern sky ";
		StringBuilder passphrase = new StringBuilder();
		while (passphrase.length() < length) {
			passphrase.append(words);
		}
		return passphrase.substring(0, length);
	}

}
