package dev.passwordreset.reset;

import java.util.List;

/**
 * A new password that the store's policy refuses. The reasons are short English sentences that
 * never quote the password; the reset link stays usable.
 */
public class PasswordRejectedException extends RuntimeException {

	private final List<String> reasons;

	PasswordRejectedException(List<String> reasons) {
		super("the new password does not meet the password policy");
		this.reasons = List.copyOf(reasons);
	}

	public List<String> reasons() {
		return this.reasons;
	}

}
