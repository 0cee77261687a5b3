package dev.passwordreset.password;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.passay.FailureRuleResult;
import org.passay.PasswordData;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.SuccessRuleResult;
import org.passay.rule.Rule;

/**
 * Refuses a password that contains, without regard to case, a value known about its user
 * or one of the words that value is made of ({@code alice.liddell} yields
 * {@code alice.liddell}, {@code alice} and {@code liddell}). Only words of at least
 * {@value #MIN_WORD_LENGTH} characters count. The failure names which value, never the
 * word, which is part of the password.
 */
final class ContextWordRule implements Rule {

	static final int MIN_WORD_LENGTH = 3;

	private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

	private final String errorCode;

	private final Set<String> words;

	private ContextWordRule(String errorCode, Set<String> words) {
		this.errorCode = errorCode;
		this.words = words;
	}

	static ContextWordRule userName(String userName) {
		return new ContextWordRule("ILLEGAL_USER_NAME", wordsOf(userName));
	}

	/**
	 * The local part of the address: what comes before its last {@code @}, or all of it
	 * without one.
	 */
	static ContextWordRule email(@Nullable String email) {
		int at = (email != null) ? email.lastIndexOf('@') : -1;
		return new ContextWordRule("ILLEGAL_EMAIL", wordsOf((at >= 0) ? email.substring(0, at) : email));
	}

	static ContextWordRule displayName(@Nullable String displayName) {
		return new ContextWordRule("ILLEGAL_DISPLAY_NAME", wordsOf(displayName));
	}

	/**
	 * The service's own names ({@code reset.password.service-names}), as NIST 800-63B
	 * asks. Each name counts whole, not split into words: the operator lists every name
	 * users know, and a name such as {@code password-reset-service} must not refuse every
	 * password with "password" in it for a second reason.
	 */
	static ContextWordRule serviceNames(List<String> names) {
		Set<String> words = new LinkedHashSet<>();
		names.stream()
			.map((name) -> lowerCase(Normalizer.normalize(name, Normalizer.Form.NFKC).strip()))
			.filter((name) -> name.length() >= MIN_WORD_LENGTH)
			.forEach(words::add);
		return new ContextWordRule("ILLEGAL_SERVICE_NAME", words);
	}

	@Override
	public RuleResult validate(PasswordData passwordData) {
		String password = lowerCase(passwordData.getPassword().toString());
		for (String word : this.words) {
			if (password.contains(word)) {
				return new FailureRuleResult(new RuleResultDetail(this.errorCode, Map.of()));
			}
		}
		return new SuccessRuleResult();
	}

	private static Set<String> wordsOf(@Nullable String value) {
		Set<String> words = new LinkedHashSet<>();
		if (value == null) {
			return words;
		}
		String whole = lowerCase(Normalizer.normalize(value, Normalizer.Form.NFKC).strip());
		add(words, whole);
		for (String part : WORD_SEPARATORS.split(whole)) {
			add(words, part);
		}
		return words;
	}

	private static void add(Set<String> words, String word) {
		if (word.codePointCount(0, word.length()) >= MIN_WORD_LENGTH) {
			words.add(word);
		}
	}

	private static String lowerCase(String value) {
		return value.toLowerCase(Locale.ROOT);
	}

}
