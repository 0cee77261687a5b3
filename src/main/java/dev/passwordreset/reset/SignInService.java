package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.password.PasswordHashing;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Checks a user's password for a trusted portal, so that the passwords this service sets can be
 * used. Every refusal looks alike and takes about as long: an unknown user still costs a hash
 * comparison. Consecutive failures lock the user for {@code reset.lockout.duration}; attempts
 * during a lockout are refused without being counted, and the lockout is audited.
 */
@Service
public class SignInService {

	static final String SIGN_IN_ACTION = "identitystore:user:authenticate";

	private final ResetMetrics metrics;

	private final UserCredentialService credentials;

	private final PasswordHashing hashing;

	private final AuditLog audit;

	private final ResetProperties properties;

	private final Clock clock;


	SignInService(UserCredentialService credentials, PasswordHashing hashing, AuditLog audit,
			ResetProperties properties, ResetMetrics metrics, Clock clock) {
		this.metrics = metrics;
		this.credentials = credentials;
		this.hashing = hashing;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	public SignInResult signIn(String identityStoreId, String userName, String password, AuditActor actor) {
		Instant now = this.clock.instant();
		Optional<UserCredentials> found = this.credentials.findByUserName(identityStoreId, userName);
		if (found.isEmpty()) {
			// A null hash costs one verification against PasswordHashing's decoy.
			this.hashing.matches(password, null);
			throw refused(actor, identityStoreId, null, "unknown user");
		}
		UserCredentials user = found.get();
		String resource = PasswordResetService.resource(identityStoreId, user.userId());
		if (user.isLockedAt(now)) {
			this.hashing.matches(password, null);
			throw refused(actor, identityStoreId, user, "the user is locked out");
		}
		if (user.lockedUntil() != null) {
			// The lockout is over: the next failures count from zero again.
			this.credentials.recordSuccessfulSignIn(user.userId());
		}
		boolean matches = this.hashing.matches(password, user.passwordHash());
		if (!matches || user.isPasswordExpiredAt(now) || !user.enabled()) {
			String reason = !matches ? "wrong password"
					: !user.enabled() ? "the user is disabled" : "the one-time password has expired";
			if (!matches || user.isPasswordExpiredAt(now)) {
				boolean locked = this.credentials.recordFailedSignIn(user.userId(),
						this.properties.lockout().maxFailures(), this.properties.lockout().duration());
				if (locked) {
					this.audit.record(actor.event(AuditEventType.USER_LOCKED_OUT, AuditOutcome.FAILURE, now,
							SIGN_IN_ACTION, resource, "locked for " + this.properties.lockout().duration() + " after "
									+ this.properties.lockout().maxFailures() + " consecutive failures"));
				}
			}
			throw refused(actor, identityStoreId, user, reason);
		}
		this.credentials.recordSuccessfulSignIn(user.userId());
		if (this.hashing.needsRehash(user.passwordHash())) {
			// The configured algorithm or cost changed since this hash was made.
			this.credentials.setPassword(identityStoreId, user.userId(), this.hashing.hash(password),
					user.passwordChangeRequired(), user.passwordExpiresAt(), "system");
		}
		this.audit.record(actor.event(AuditEventType.USER_SIGN_IN, AuditOutcome.SUCCESS, now, SIGN_IN_ACTION, resource,
				user.passwordChangeRequired() ? "signed in; the password must be changed" : "signed in"));
		return new SignInResult(user.userId(), user.passwordChangeRequired());
	}

	private SignInFailedException refused(AuditActor actor, String identityStoreId, @Nullable UserCredentials user,
			String reason) {
		String resource = (user != null) ? PasswordResetService.resource(identityStoreId, user.userId())
				: "identitystore/" + identityStoreId;
		this.audit.record(actor.event(AuditEventType.USER_SIGN_IN, AuditOutcome.FAILURE, this.clock.instant(),
				SIGN_IN_ACTION, resource, "refused: " + reason));
		this.metrics.signInFailed(switch (reason) {
			case "unknown user" -> "unknown_user";
			case "the user is locked out" -> "locked_out";
			case "wrong password" -> "wrong_password";
			case "the user is disabled" -> "user_disabled";
			default -> "password_expired";
		});
		return new SignInFailedException();
	}

}
