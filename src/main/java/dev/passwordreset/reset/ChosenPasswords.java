package dev.passwordreset.reset;

import java.util.List;

import dev.passwordreset.identity.EmailAddress;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.password.PasswordContext;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.password.PasswordViolation;

import org.springframework.stereotype.Component;

/**
 * A password the user chose, checked and hashed: the store's policy, its history counting
 * the current password as the newest, then the new hash. Every path that takes a chosen
 * password (a reset link, a one-time code, a change with the current password) uses this
 * one check.
 * <p>
 * It runs outside any transaction and on one turn of the hashing bound: the history check
 * and the new hash cost up to N + 1 hashes for a store that refuses the last N passwords,
 * one without reuse prevention, queued for once, with no database connection held
 * meanwhile.
 */
@Component
class ChosenPasswords {

	private final PasswordPolicyService policies;

	private final PasswordHashing hashing;

	ChosenPasswords(PasswordPolicyService policies, PasswordHashing hashing) {
		this.policies = policies;
		this.hashing = hashing;
	}

	/**
	 * The hash to store for the user's new password.
	 * @throws PasswordRejectedException with every broken rule, when the policy refuses
	 * it
	 * @throws dev.passwordreset.password.HashingBusyException when the hashes before it
	 * would take too long; nothing was checked
	 */
	String hash(UserCredentials user, String newPassword) {
		return this.hashing.withTurn(() -> {
			List<PasswordViolation> violations = this.policies.violations(user.identityStoreId(), newPassword,
					contextOf(user), user.userId(), user.passwordHash());
			if (!violations.isEmpty()) {
				throw new PasswordRejectedException(violations);
			}
			return this.hashing.hash(newPassword);
		});
	}

	/** The words of the user's own that a password must not contain. */
	static PasswordContext contextOf(UserCredentials user) {
		return new PasswordContext(user.attributes().userName(),
				user.attributes().primaryEmail().map(EmailAddress::value).orElse(null),
				user.attributes().displayName());
	}

}
