package dev.passwordreset.password;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.passay.DefaultPasswordValidator;
import org.passay.PasswordData;
import org.passay.RuleResultDetail;
import org.passay.ValidationResult;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.WordLists;
import org.passay.dictionary.sort.ArraysSort;
import org.passay.generate.PasswordGenerator;
import org.passay.resolver.MessageResolver;
import org.passay.rule.CharacterRule;
import org.passay.rule.DictionaryRule;
import org.passay.rule.IllegalRegexRule;
import org.passay.rule.LengthRule;
import org.passay.rule.Rule;
import org.passay.support.HistoricalReference;
import org.passay.support.Reference;

import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * A policy's rules on Passay: checks a password against them, with reasons in English
 * from {@link RuleSentences}, and generates passwords that pass them. The list of common
 * passwords is read once, at start-up. Passwords are NFKC-normalized before any check, as
 * {@link PasswordHashing} does before hashing.
 */
@Component
final class PasswordRules {

	/**
	 * Generated passwords are at least this long: about 98 bits from
	 * {@link TemporaryPasswordAlphabet}.
	 */
	static final int TEMPORARY_PASSWORD_LENGTH = 16;

	private static final int GENERATION_RETRIES = 100;

	private static final String GENERIC_REASON = "Password is not acceptable.";

	private final ContextWordRule serviceNames;

	private final DictionaryRule commonPasswords;

	private final int commonPasswordCount;

	private final HashHistoryRule history;

	private final SecureRandom random = new SecureRandom();

	PasswordRules(PasswordProperties properties, PasswordHashing hashing) {
		ArrayWordList words = readWords(properties.commonPasswords());
		this.commonPasswords = new DictionaryRule(new WordListDictionary(words));
		this.commonPasswordCount = words.size();
		this.history = new HashHistoryRule(hashing);
		this.serviceNames = ContextWordRule.serviceNames(properties.serviceNames());
	}

	/**
	 * The reasons the password breaks the policy, each once, in the order of the rules;
	 * empty when it passes. The history, where each comparison costs a hash verification,
	 * is checked only when every other rule passes.
	 * @param recentHashes the user's recent password hashes, newest first
	 */
	List<PasswordViolation> violations(PasswordPolicy policy, String password, PasswordContext context,
			List<String> recentHashes) {
		String normalized = normalized(password);
		Reasons messages = new Reasons(policy);
		List<PasswordViolation> reasons = violationsOf(
				new DefaultPasswordValidator(messages, DefaultPasswordValidator.NO_ENTROPY_PROVIDER,
						rules(policy, context))
					.validate(new PasswordData(normalized)),
				messages);
		if (!reasons.isEmpty() || recentHashes.isEmpty()) {
			return reasons;
		}
		List<Reference> references = recentHashes.stream()
			.<Reference>map((hash) -> new HistoricalReference((CharSequence) hash))
			.toList();
		// Passay 2 takes the user name first; the rules above already dealt with it.
		PasswordData withHistory = new PasswordData("", normalized, references);
		return violationsOf(
				new DefaultPasswordValidator(messages, DefaultPasswordValidator.NO_ENTROPY_PROVIDER, this.history)
					.validate(withHistory),
				messages);
	}

	/**
	 * A random password from {@link SecureRandom} that passes the policy: at least
	 * {@value #TEMPORARY_PASSWORD_LENGTH} characters or the policy's minimum, never more
	 * than its maximum, with an upper-case letter, a lower-case letter, a digit and a
	 * symbol, and not a common password.
	 */
	String generate(PasswordPolicy policy) {
		int length = Math.min(Math.max(TEMPORARY_PASSWORD_LENGTH, policy.minimumPasswordLength()),
				policy.maximumPasswordLength());
		List<Rule> rules = new ArrayList<>();
		for (TemporaryPasswordAlphabet alphabet : TemporaryPasswordAlphabet.values()) {
			rules.add(new CharacterRule(alphabet, 1));
		}
		rules.add(new LengthRule(length, length));
		rules.add(this.commonPasswords);
		return new PasswordGenerator(this.random, length, GENERATION_RETRIES, rules).generate().toString();
	}

	int commonPasswordCount() {
		return this.commonPasswordCount;
	}

	private List<Rule> rules(PasswordPolicy policy, PasswordContext context) {
		List<Rule> rules = new ArrayList<>();
		rules.add(new LengthRule(policy.minimumPasswordLength(), policy.maximumPasswordLength()));
		rules.add(new IllegalRegexRule("\\p{Cc}"));
		if (policy.requireUppercaseCharacters()) {
			rules.add(CharacterClassRule.UPPERCASE);
		}
		if (policy.requireLowercaseCharacters()) {
			rules.add(CharacterClassRule.LOWERCASE);
		}
		if (policy.requireNumbers()) {
			rules.add(CharacterClassRule.DIGIT);
		}
		if (policy.requireSymbols()) {
			rules.add(CharacterClassRule.SYMBOL);
		}
		rules.add(this.commonPasswords);
		rules.add(ContextWordRule.userName(context.userName()));
		rules.add(ContextWordRule.email(context.email()));
		rules.add(ContextWordRule.displayName(context.displayName()));
		rules.add(this.serviceNames);
		return rules;
	}

	/**
	 * Each broken rule once, with its reason; a rule that breaks twice (two user
	 * attributes) keeps both reasons.
	 */
	private static List<PasswordViolation> violationsOf(ValidationResult result, Reasons messages) {
		return result.getDetails()
			.stream()
			.map((detail) -> new PasswordViolation(ruleOf(detail), messages.resolve(detail)))
			.distinct()
			.toList();
	}

	/**
	 * Every rule this class builds reports a code {@link PasswordRule} knows;
	 * PasswordRulesTests holds it to that.
	 */
	private static PasswordRule ruleOf(RuleResultDetail detail) {
		for (String code : detail.getErrorCodes()) {
			Optional<PasswordRule> rule = PasswordRule.reporting(code);
			if (rule.isPresent()) {
				return rule.get();
			}
		}
		throw new IllegalStateException("No password rule reports " + detail.getErrorCode());
	}

	static String normalized(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	private static ArrayWordList readWords(Resource resource) {
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			List<String> words = new ArrayList<>();
			WordLists.readWords(reader, words);
			List<String> cleaned = words.stream()
				.map(String::strip)
				.filter((word) -> !word.isEmpty())
				.map((word) -> word.toLowerCase(Locale.ROOT))
				.distinct()
				.toList();
			if (cleaned.isEmpty()) {
				throw new IllegalStateException("The common-password list " + resource + " is empty");
			}
			return new ArrayWordList(cleaned.toArray(String[]::new), false, new ArraysSort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the common-password list " + resource, ex);
		}
	}

	/**
	 * The sentence of each broken rule in this policy, from {@link RuleSentences}: the
	 * rule's own statement, or the more precise refusal some error codes have. Passay's
	 * own messages would fall back to the code and its parameters, which may quote the
	 * password; a code no rule reports gets a generic sentence instead.
	 */
	private record Reasons(PasswordPolicy policy) implements MessageResolver {

		@Override
		public String resolve(RuleResultDetail detail) {
			for (String code : detail.getErrorCodes()) {
				Optional<String> reason = RuleSentences.reason(code)
					.or(() -> PasswordRule.reporting(code).map((rule) -> RuleSentences.statement(rule, this.policy)));
				if (reason.isPresent()) {
					return reason.get();
				}
			}
			return GENERIC_REASON;
		}

	}

}
