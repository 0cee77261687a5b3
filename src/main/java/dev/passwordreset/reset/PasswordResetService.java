package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserInfo;
import dev.passwordreset.identity.UserService;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administrator-initiated resets. A one-time password is random, satisfies the store's policy,
 * is stored only as a hash, must be changed at the next sign-in and stops working after
 * {@code reset.otp-password.ttl}; the administrator never chooses it.
 */
@Service
public class PasswordResetService {

	static final String RESET_ACTION = "identitystore:user:resetPassword";

	private final UserService users;

	private final UserCredentialService credentials;

	private final PasswordPolicyService policies;

	private final PasswordHashing hashing;

	private final AuditLog audit;

	private final ResetProperties properties;

	private final Clock clock;

	PasswordResetService(UserService users, UserCredentialService credentials, PasswordPolicyService policies,
			PasswordHashing hashing, AuditLog audit, ResetProperties properties, Clock clock) {
		this.users = users;
		this.credentials = credentials;
		this.policies = policies;
		this.hashing = hashing;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public IssuedPassword resetWithOneTimePassword(String identityStoreId, UUID userId, AuditActor actor) {
		this.credentials.credentials(identityStoreId, userId);
		String password = this.policies.generateTemporaryPassword(identityStoreId);
		Instant expiresAt = this.clock.instant().plus(this.properties.otpPassword().ttl());
		String hash = this.hashing.hash(password);
		this.credentials.setPassword(identityStoreId, userId, hash, true, expiresAt, actorName(actor));
		this.policies.remember(userId, identityStoreId, hash);
		// Reset links and emailed codes, once they exist, are invalidated here too.
		this.audit.record(actor.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, this.clock.instant(),
				RESET_ACTION, resource(identityStoreId, userId), "mode OTP: a one-time password was issued"));
		return new IssuedPassword(userId, password, expiresAt);
	}

	/**
	 * Huawei's CreateUser with {@code password_mode: OTP}: the user and its one-time password in
	 * one transaction, so there is never a user whose promised password was lost.
	 */
	@Transactional
	public IssuedPassword createWithOneTimePassword(String identityStoreId, UserAttributes attributes,
			AuditActor actor) {
		UserInfo user = this.users.create(identityStoreId, attributes, actorName(actor));
		return resetWithOneTimePassword(identityStoreId, user.userId(), actor);
	}

	static String resource(String identityStoreId, UUID userId) {
		return "identitystore/" + identityStoreId + "/user/" + userId;
	}

	private static String actorName(AuditActor actor) {
		return (actor.accountId() != null) ? actor.accountId() : "system";
	}

}
