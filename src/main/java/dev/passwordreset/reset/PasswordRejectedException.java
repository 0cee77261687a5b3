package dev.passwordreset.reset;

import java.util.List;

import dev.passwordreset.password.PasswordViolation;

/**
 * A new password that the store's policy refuses, with every rule it breaks. The reasons
 * are short English sentences that never quote the password; the reset link stays usable.
 */
public class PasswordRejectedException extends RuntimeException {

	private final List<PasswordViolation> violations;

	PasswordRejectedException(List<PasswordViolation> violations) {
		super("the new password does not meet the password policy");
		this.violations = List.copyOf(violations);
	}

	/** The broken rules, each with its reason, in the order of the policy's rules. */
	public List<PasswordViolation> violations() {
		return this.violations;
	}

	/** The reasons alone, for a caller that shows sentences. */
	public List<String> reasons() {
		return this.violations.stream().map(PasswordViolation::reason).toList();
	}

}
