package dev.passwordreset.password;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each identity store's password policy, checking passwords against it, generating
 * passwords that pass it, and each user's password history. A store without a stored
 * policy has {@link PasswordPolicy#DEFAULT}. Callers check that the store exists.
 */
@Service
public class PasswordPolicyService {

	private final StorePasswordPolicyRepository policies;

	private final PasswordHistoryRepository history;

	private final PasswordRules rules;

	private final Clock clock;

	PasswordPolicyService(StorePasswordPolicyRepository policies, PasswordHistoryRepository history,
			PasswordRules rules, Clock clock) {
		this.policies = policies;
		this.history = history;
		this.rules = rules;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public PasswordPolicy policyOf(String identityStoreId) {
		return this.policies.findById(identityStoreId)
			.map(StorePasswordPolicy::toPolicy)
			.orElse(PasswordPolicy.DEFAULT);
	}

	@Transactional
	public PasswordPolicy update(String identityStoreId, PasswordPolicyChange change, String callerAccountId) {
		Optional<StorePasswordPolicy> existing = this.policies.findById(identityStoreId);
		StorePasswordPolicy stored = existing.orElseGet(() -> new StorePasswordPolicy(identityStoreId));
		PasswordPolicy current = existing.map(StorePasswordPolicy::toPolicy).orElse(PasswordPolicy.DEFAULT);
		PasswordPolicy updated = change.applyTo(current);
		check(updated);
		stored.apply(updated, this.clock.instant(), callerAccountId);
		return this.policies.saveAndFlush(stored).toPolicy();
	}

	/**
	 * The rules the password breaks in the store's policy, each with its reason in
	 * English, a short sentence such as "Password must be at least 12 characters."; empty
	 * when it is acceptable. No reason quotes the password. The rules: the policy's
	 * minimum and maximum length (in Unicode characters, after NFKC normalization), no
	 * control characters, the character classes the policy requires, not a common
	 * password, no user name, email local part or display name (or a word of three or
	 * more characters from them) inside it, and, when every other rule passes, none of
	 * the user's last {@code password_reuse_prevention} passwords.
	 * <p>
	 * The history check verifies the password against each remembered hash, so it costs
	 * up to N hash verifications (about 250 ms each with bcrypt at strength 12). It is
	 * not transactional: called outside a transaction, it holds no database connection
	 * while it hashes.
	 * @param userId the user whose history to check, or null for none (a new user)
	 */
	public List<PasswordViolation> violations(String identityStoreId, String password, PasswordContext context,
			@Nullable UUID userId) {
		return violations(identityStoreId, password, context, userId, null);
	}

	/**
	 * As {@link #violations(String, String, PasswordContext, UUID)}, for a user whose
	 * current password hash is known: the current password is the newest of the last
	 * {@code password_reuse_prevention}, whether or not the history holds it yet (a
	 * password set before the store remembered any). It is compared once, never a second
	 * time as the newest history entry, so a password the policy accepts costs at most N
	 * verifications. Without reuse prevention the current password is not compared at
	 * all: a store that does not refuse old passwords does not refuse the newest either,
	 * and a reset costs its one new hash.
	 * @param currentHash the user's current password hash, or null when there is none
	 */
	public List<PasswordViolation> violations(String identityStoreId, String password, PasswordContext context,
			@Nullable UUID userId, @Nullable String currentHash) {
		PasswordPolicy policy = policyOf(identityStoreId);
		List<String> recentHashes = (userId != null && policy.historySize() > 0)
				? recentHashes(userId, currentHash, policy.historySize()) : List.of();
		return this.rules.violations(policy, password, context, recentHashes);
	}

	private List<String> recentHashes(UUID userId, @Nullable String currentHash, int size) {
		Stream<String> remembered = this.history.findByUserIdOrderByIdDesc(userId, Limit.of(size))
			.stream()
			.map(PasswordHistoryEntry::passwordHash);
		if (currentHash == null) {
			return remembered.toList();
		}
		return Stream.concat(Stream.of(currentHash), remembered.filter((hash) -> !hash.equals(currentHash)))
			.limit(size)
			.toList();
	}

	/**
	 * A random temporary password from {@link java.security.SecureRandom} that satisfies
	 * the store's policy: at least 16 characters (or the policy's minimum if larger,
	 * never above its maximum), with an upper-case letter, a lower-case letter, a digit
	 * and a symbol, drawn from ASCII without look-alikes ({@code I l 1 O 0}) or
	 * characters that need quoting. It knows no user, so it is not checked against a user
	 * name or history; with about 98 bits of randomness, a clash is not worth a check.
	 */
	public String generateTemporaryPassword(String identityStoreId) {
		return this.rules.generate(policyOf(identityStoreId));
	}

	/**
	 * Adds a password hash to the user's history and keeps only the store's last
	 * {@code password_reuse_prevention} entries; with no reuse prevention, the user's
	 * history is emptied instead. Call it, in the transaction that sets the password,
	 * with the hash that was stored.
	 */
	@Transactional
	public void remember(UUID userId, String identityStoreId, String passwordHash) {
		int size = policyOf(identityStoreId).historySize();
		if (size == 0) {
			this.history.deleteByUserId(userId);
			return;
		}
		this.history.save(new PasswordHistoryEntry(userId, passwordHash, this.clock.instant()));
		List<PasswordHistoryEntry> kept = this.history.findByUserIdOrderByIdDesc(userId, Limit.of(size));
		this.history.deleteOlderThan(userId, kept.get(kept.size() - 1).id());
	}

	private static void check(PasswordPolicy policy) {
		if (policy.minimumPasswordLength() < PasswordPolicy.MIN_LENGTH
				|| policy.minimumPasswordLength() > PasswordPolicy.MAX_LENGTH) {
			throw new PasswordPolicyException("minimum_password_length",
					"must be between " + PasswordPolicy.MIN_LENGTH + " and " + PasswordPolicy.MAX_LENGTH);
		}
		if (policy.maximumPasswordLength() < PasswordPolicy.MAXIMUM_LENGTH_FLOOR
				|| policy.maximumPasswordLength() > PasswordPolicy.MAXIMUM_LENGTH_CEILING) {
			throw new PasswordPolicyException("maximum_password_length", "must be between "
					+ PasswordPolicy.MAXIMUM_LENGTH_FLOOR + " and " + PasswordPolicy.MAXIMUM_LENGTH_CEILING);
		}
		if (policy.maximumPasswordLength() < policy.minimumPasswordLength()) {
			throw new PasswordPolicyException("maximum_password_length",
					"must not be less than minimum_password_length");
		}
		Integer age = policy.maxPasswordAge();
		if (age != null && (age < 1 || age > PasswordPolicy.MAX_AGE_DAYS)) {
			throw new PasswordPolicyException("max_password_age",
					"must be between 1 and " + PasswordPolicy.MAX_AGE_DAYS);
		}
		Integer reuse = policy.passwordReusePrevention();
		if (reuse != null && (reuse < 1 || reuse > PasswordPolicy.MAX_REUSE_PREVENTION)) {
			throw new PasswordPolicyException("password_reuse_prevention",
					"must be between 1 and " + PasswordPolicy.MAX_REUSE_PREVENTION);
		}
	}

}
