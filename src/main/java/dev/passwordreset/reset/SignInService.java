package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.ldap.PasswordCheck;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Checks a user's password for a trusted portal, so that the passwords this service sets
 * can be used. Every refusal looks alike and takes about as long: an unknown user still
 * costs a hash comparison. Every attempt is counted before its password is compared, and
 * consecutive failures lock the user for {@code reset.lockout.duration}, so no burst gets
 * more than {@code reset.lockout.max-failures} comparisons; attempts during a lockout are
 * refused without being counted or compared, and the lockout is audited once. A password
 * older than the store's {@code max_password_age} signs in with
 * {@code password_change_required}, as a one-time password does.
 */
@Service
public class SignInService {

	static final String SIGN_IN_ACTION = "identitystore:user:authenticate";

	private final ResetMetrics metrics;

	private final UserCredentialService credentials;

	private final PasswordHashing hashing;

	private final AuditLog audit;

	private final ResetProperties properties;

	private final PasswordPolicyService policies;

	private final Clock clock;

	SignInService(UserCredentialService credentials, PasswordHashing hashing, AuditLog audit,
			ResetProperties properties, ResetMetrics metrics, PasswordPolicyService policies, Clock clock) {
		this.metrics = metrics;
		this.policies = policies;
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
			// The work of a known user's wrong password: in an LDAP store a bind,
			// otherwise a null hash, which costs one verification against
			// PasswordHashing's decoy.
			if (!this.credentials.checkPasswordOfNobody(identityStoreId, password)) {
				this.hashing.matches(password, null);
			}
			throw refused(actor, identityStoreId, null, "unknown user");
		}
		UserCredentials user = found.get();
		String resource = PasswordResetService.resource(identityStoreId, user.userId());
		int maxFailures = this.properties.lockout().maxFailures();
		// The attempt is counted before the password is compared, in a transaction of its
		// own: a burst cannot all read "not locked" and then all be checked. Both take
		// one turn of the hashing bound, so a request refused for want of a turn has
		// counted no attempt. An LDAP store's user has no hash here: the directory checks
		// the password.
		boolean inDirectory = user.passwordHash() == null && this.credentials.isDirectoryUser(user);
		Attempt checked = inDirectory ? directoryAttempt(user, password, maxFailures) : this.hashing.withTurn(() -> {
			OptionalInt reserved = this.credentials.reserveSignInAttempt(user.userId(), maxFailures,
					this.properties.lockout().duration());
			String hash = reserved.isPresent() ? user.passwordHash() : null;
			return new Attempt(reserved, this.hashing.matches(password, hash) && reserved.isPresent(), false);
		});
		OptionalInt attempt = checked.reserved();
		if (attempt.isEmpty()) {
			throw refused(actor, identityStoreId, user, "the user is locked out");
		}
		boolean matches = checked.matches();
		if (!matches || user.isPasswordExpiredAt(now)) {
			// The reserved attempt stays counted; the one that reached the limit locked
			// the user.
			if (attempt.getAsInt() >= maxFailures) {
				this.audit.record(actor.event(AuditEventType.USER_LOCKED_OUT, AuditOutcome.FAILURE, now, SIGN_IN_ACTION,
						resource, "locked for " + this.properties.lockout().duration() + " after " + maxFailures
								+ " consecutive failures"));
			}
			// A disabled directory account cannot bind, so its password is not asked.
			throw refused(actor, identityStoreId, user,
					(!matches && !(inDirectory && !user.enabled())) ? "wrong password"
							: !user.enabled() ? "the user is disabled" : "the one-time password has expired");
		}
		// The right password ends the run of failures before it, even for a disabled
		// user.
		this.credentials.releaseSignInAttempts(user.userId(), attempt.getAsInt());
		if (!user.enabled()) {
			throw refused(actor, identityStoreId, user, "the user is disabled");
		}
		String hash = user.passwordHash();
		if (hash != null && this.hashing.needsRehash(hash)) {
			// The configured algorithm or cost changed since this hash was made.
			this.credentials.replacePasswordHash(user.userId(), hash, this.hashing.hash(password));
		}
		// Huawei's max_password_age: an older password still signs in, once, and must be
		// changed, as a one-time password must.
		Integer maxAgeDays = this.policies.policyOf(identityStoreId).maxPasswordAge();
		boolean aged = maxAgeDays != null && user.isPasswordOlderThan(Duration.ofDays(maxAgeDays), now);
		boolean mustChange = user.passwordChangeRequired() || checked.mustChange();
		this.audit.record(actor.event(AuditEventType.USER_SIGN_IN, AuditOutcome.SUCCESS, now, SIGN_IN_ACTION, resource,
				aged ? "signed in; the password is older than max_password_age (" + maxAgeDays
						+ " days) and must be changed"
						: mustChange ? "signed in; the password must be changed" : "signed in"));
		return new SignInResult(user.userId(), mustChange || aged);
	}

	/**
	 * The attempt counted as for an internal user, then the password checked by a bind as
	 * the user's entry, outside any transaction and without a hashing turn, since no hash
	 * is compared here. The user was just found in the same directory, so an outage
	 * usually answers 503 before anything is counted; one that begins between the search
	 * and the bind leaves that one attempt counted. A disabled account is not bound as:
	 * the directory refuses it whatever the password, so the attempt counts as a failure.
	 */
	private Attempt directoryAttempt(UserCredentials user, String password, int maxFailures) {
		OptionalInt reserved = this.credentials.reserveSignInAttempt(user.userId(), maxFailures,
				this.properties.lockout().duration());
		PasswordCheck check = (reserved.isPresent() && user.enabled())
				? this.credentials.checkDirectoryPassword(user, password) : PasswordCheck.WRONG;
		return new Attempt(reserved, check != PasswordCheck.WRONG, check == PasswordCheck.RIGHT_MUST_CHANGE);
	}

	private SignInFailedException refused(AuditActor actor, String identityStoreId, @Nullable UserCredentials user,
			String reason) {
		String resource = (user != null) ? PasswordResetService.resource(identityStoreId, user.userId())
				: "identitystore/" + identityStoreId;
		this.audit.record(actor.event(AuditEventType.USER_SIGN_IN, AuditOutcome.FAILURE, this.clock.instant(),
				SIGN_IN_ACTION, resource, "refused: " + reason));
		this.metrics.signInFailed(switch (reason) {
			case "unknown user" -> ResetMetrics.SignInFailure.UNKNOWN_USER;
			case "the user is locked out" -> ResetMetrics.SignInFailure.LOCKED_OUT;
			case "wrong password" -> ResetMetrics.SignInFailure.WRONG_PASSWORD;
			case "the user is disabled" -> ResetMetrics.SignInFailure.USER_DISABLED;
			default -> ResetMetrics.SignInFailure.PASSWORD_EXPIRED;
		});
		return new SignInFailedException();
	}

	/**
	 * A reserved attempt, or none for a locked user, whether the password matched, and
	 * whether the directory requires it to be changed first.
	 */
	private record Attempt(OptionalInt reserved, boolean matches, boolean mustChange) {

	}

}
