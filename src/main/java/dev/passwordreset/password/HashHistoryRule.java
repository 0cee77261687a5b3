package dev.passwordreset.password;

import org.passay.UnicodeString;
import org.passay.rule.HistoryRule;
import org.passay.support.Reference;

/**
 * Passay's history rule over stored hashes: each {@code HistoricalReference} holds a
 * hash, and a password matches it when {@link PasswordHashing#matches} says so. Each
 * comparison costs one hash verification, about as long as hashing.
 */
final class HashHistoryRule extends HistoryRule {

	private final PasswordHashing hashing;

	HashHistoryRule(PasswordHashing hashing) {
		this.hashing = hashing;
	}

	@Override
	protected boolean matches(UnicodeString password, Reference reference) {
		return this.hashing.matches(password.toString(), reference.getPassword().toString());
	}

}
