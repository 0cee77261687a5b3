package dev.passwordreset.password;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each identity store's password policy. A store without a stored policy has
 * {@link PasswordPolicy#DEFAULT}. Callers check that the store exists.
 */
@Service
public class PasswordPolicyService {

	private final StorePasswordPolicyRepository policies;

	private final Clock clock;

	PasswordPolicyService(StorePasswordPolicyRepository policies, Clock clock) {
		this.policies = policies;
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

	private static void check(PasswordPolicy policy) {
		if (policy.minimumPasswordLength() < PasswordPolicy.MIN_LENGTH
				|| policy.minimumPasswordLength() > PasswordPolicy.MAX_LENGTH) {
			throw new PasswordPolicyException("minimum_password_length must be between " + PasswordPolicy.MIN_LENGTH
					+ " and " + PasswordPolicy.MAX_LENGTH);
		}
		Integer age = policy.maxPasswordAge();
		if (age != null && (age < 1 || age > PasswordPolicy.MAX_AGE_DAYS)) {
			throw new PasswordPolicyException("max_password_age must be between 1 and " + PasswordPolicy.MAX_AGE_DAYS);
		}
		Integer reuse = policy.passwordReusePrevention();
		if (reuse != null && (reuse < 1 || reuse > PasswordPolicy.MAX_REUSE_PREVENTION)) {
			throw new PasswordPolicyException(
					"password_reuse_prevention must be between 1 and " + PasswordPolicy.MAX_REUSE_PREVENTION);
		}
	}

}
