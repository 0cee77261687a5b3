package dev.passwordreset.password;

import java.util.Map;
import java.util.function.IntPredicate;

import org.passay.FailureRuleResult;
import org.passay.PasswordData;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.SuccessRuleResult;
import org.passay.rule.Rule;

/**
 * Requires at least one character of a class, judged over all of Unicode: {@code Ä} is an
 * upper-case letter and {@code €} a symbol. Passay's own {@code CharacterRule} knows only
 * the characters its {@code CharacterData} lists, mostly ASCII, which would make a policy
 * refuse passwords in other scripts that meet it.
 */
final class CharacterClassRule implements Rule {

	static final CharacterClassRule UPPERCASE = new CharacterClassRule("INSUFFICIENT_UPPERCASE",
			(c) -> Character.isUpperCase(c) || Character.isTitleCase(c));

	static final CharacterClassRule LOWERCASE = new CharacterClassRule("INSUFFICIENT_LOWERCASE",
			Character::isLowerCase);

	static final CharacterClassRule DIGIT = new CharacterClassRule("INSUFFICIENT_DIGIT", Character::isDigit);

	/**
	 * Anything visible that is neither a letter nor a digit: punctuation, signs,
	 * currency, emoji.
	 */
	static final CharacterClassRule SYMBOL = new CharacterClassRule("INSUFFICIENT_SPECIAL",
			CharacterClassRule::isSymbol);

	private final String errorCode;

	private final IntPredicate member;

	private CharacterClassRule(String errorCode, IntPredicate member) {
		this.errorCode = errorCode;
		this.member = member;
	}

	@Override
	public RuleResult validate(PasswordData passwordData) {
		if (passwordData.getPassword().toString().codePoints().anyMatch(this.member)) {
			return new SuccessRuleResult();
		}
		return new FailureRuleResult(new RuleResultDetail(this.errorCode, Map.of()));
	}

	private static boolean isSymbol(int codePoint) {
		if (Character.isLetterOrDigit(codePoint) || Character.isWhitespace(codePoint)
				|| Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint)) {
			return false;
		}
		int type = Character.getType(codePoint);
		return type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
				&& type != Character.COMBINING_SPACING_MARK && type != Character.FORMAT && type != Character.UNASSIGNED
				&& type != Character.PRIVATE_USE && type != Character.SURROGATE;
	}

}
