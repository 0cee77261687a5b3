package dev.passwordreset.reset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.EmailAddress;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.identity.UserInfo;
import dev.passwordreset.identity.UserService;
import dev.passwordreset.mail.MailOutbox;
import dev.passwordreset.otp.OneTimePasswordService;
import dev.passwordreset.password.PasswordContext;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import dev.passwordreset.reset.ResetTokenStore.ResetToken;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Administrator-initiated resets. A one-time password is random, satisfies the store's policy,
 * is stored only as a hash, must be changed at the next sign-in and stops working after
 * {@code reset.otp-password.ttl}; the administrator never chooses it.
 * <p>
 * In EMAIL mode the user gets a link instead, built from {@code reset.public-base-url}, that
 * carries a token of 256 random bits; only its SHA-256 is stored. The token works once, for
 * {@code reset.reset-link.ttl}. Issuing a link or a one-time password, and every password
 * change, invalidates all of the user's outstanding tokens.
 */
@Service
public class PasswordResetService {

	static final String RESET_ACTION = "identitystore:user:resetPassword";

	static final String CONFIRM_ACTION = "identitystore:user:confirmPasswordReset";

	/** What a token looks like: 32 bytes in base64url without padding. */
	private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final UserService users;

	private final UserCredentialService credentials;

	private final PasswordPolicyService policies;

	private final PasswordHashing hashing;

	private final AuditLog audit;

	private final ResetProperties properties;

	private final Clock clock;

	private final ResetTokenStore tokens;

	private final MailOutbox outbox;

	private final OneTimePasswordService codes;

	private final RateLimiter limiter;

	private final RateLimit perUser;

	private final ResetMetrics metrics;

	private final TransactionTemplate transaction;

	PasswordResetService(UserService users, UserCredentialService credentials, PasswordPolicyService policies,
			PasswordHashing hashing, AuditLog audit, ResetProperties properties, Clock clock, ResetTokenStore tokens,
			MailOutbox outbox, OneTimePasswordService codes, ResetMetrics metrics, RateLimiter limiter,
			PlatformTransactionManager transactionManager) {
		this.limiter = limiter;
		this.perUser = new RateLimit("administrator_reset_user", properties.administratorResets().maxPerUser(),
				properties.administratorResets().window());
		this.users = users;
		this.credentials = credentials;
		this.policies = policies;
		this.hashing = hashing;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
		this.tokens = tokens;
		this.outbox = outbox;
		this.codes = codes;
		this.metrics = metrics;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@Transactional
	public IssuedPassword resetWithOneTimePassword(String identityStoreId, UUID userId, AuditActor actor) {
		boolean succeeded = false;
		try {
			requireWithinLimit(userId);
			UserCredentials user = this.credentials.credentials(identityStoreId, userId);
			boolean masked = this.properties.otpPassword().maskInResponse();
			Optional<EmailAddress> email = user.attributes().primaryEmail();
			if (masked && email.isEmpty()) {
				throw new ResetNotPossibleException(ResetNotPossibleException.Reason.NO_PRIMARY_EMAIL_FOR_PASSWORD);
			}
			String password = this.policies.generateTemporaryPassword(identityStoreId);
			Instant now = this.clock.instant();
			Instant expiresAt = now.plus(this.properties.otpPassword().ttl());
			String hash = this.hashing.hash(password);
			this.credentials.setPassword(identityStoreId, userId, hash, true, expiresAt, actorName(actor));
			this.policies.remember(userId, identityStoreId, hash);
			this.tokens.invalidateAll(userId, now);
			// Security requirement 8: a password change ends every one-time code too.
			this.codes.invalidateAll(userId);
			if (masked) {
				// The answer cannot show it, so mail is its channel: to the address on file only.
				this.outbox.enqueue(ResetMails.oneTimePassword(email.get().value(), user.attributes(), password, expiresAt));
			}
			else {
				// Security requirement 15: the user learns of every reset, never its password.
				email.ifPresent((address) -> this.outbox
					.enqueue(ResetMails.oneTimePasswordSet(address.value(), user.attributes(), now)));
			}
			this.audit.record(actor.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, now, RESET_ACTION,
					resource(identityStoreId, userId), masked ? "mode OTP: a one-time password was issued and mailed"
							: "mode OTP: a one-time password was issued"));
			succeeded = true;
			return new IssuedPassword(userId, masked ? mask(password) : password, expiresAt);
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.IDENTITY_CENTER, "otp", succeeded);
		}
	}

	/**
	 * Counts a reset of this user against {@code reset.administrator-resets}.
	 * @throws RateLimitExceededException past it
	 */
	private void requireWithinLimit(UUID userId) {
		RateLimiter.Decision decision = this.limiter.tryAcquire(this.perUser, userId.toString());
		if (!decision.allowed()) {
			throw new RateLimitExceededException(decision.retryAfter());
		}
	}

	/** Huawei's {@code pass***}: enough for the user to tell which mail is meant, no more. */
	static String mask(String password) {
		return password.substring(0, Math.min(4, password.length() / 4)) + "***";
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

	/**
	 * Huawei's ResetPwdMode with {@code mode: EMAIL}: invalidates the user's outstanding links,
	 * stores a new token and queues the mail with the link, all in one transaction. Nothing is sent
	 * before it commits, and the caller does not wait for the mail server.
	 * @throws ResetNotPossibleException if the user is disabled or has no primary email address
	 */
	@Transactional
	public void resetWithEmailLink(String identityStoreId, UUID userId, AuditActor actor) {
		boolean succeeded = false;
		try {
			requireWithinLimit(userId);
			queueResetLink(this.credentials.credentials(identityStoreId, userId), false);
			this.audit.record(actor.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, this.clock.instant(),
					RESET_ACTION, resource(identityStoreId, userId), "mode EMAIL: a reset link was queued"));
			succeeded = true;
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.IDENTITY_CENTER, "email", succeeded);
		}
	}

	/**
	 * The "forgot password" twin of {@link #resetWithEmailLink}: the same link and mail, audited as
	 * the user's own request.
	 * @throws ResetNotPossibleException if the user is disabled or has no primary email address
	 */
	@Transactional
	public void sendResetLinkRequestedByUser(UserCredentials user, AuditActor actor) {
		queueResetLink(user, true);
		this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_REQUESTED, AuditOutcome.SUCCESS,
				this.clock.instant(), SelfServiceResetService.REQUEST_ACTION,
				resource(user.identityStoreId(), user.userId()), "a reset link was queued"));
	}

	/**
	 * Invalidates the user's outstanding links, stores a new token and queues the mail with the
	 * link, in the caller's transaction.
	 */
	private void queueResetLink(UserCredentials user, boolean requestedByUser) {
		if (!user.enabled()) {
			throw new ResetNotPossibleException(ResetNotPossibleException.Reason.USER_DISABLED);
		}
		EmailAddress email = user.attributes().primaryEmail()
			.orElseThrow(() -> new ResetNotPossibleException(ResetNotPossibleException.Reason.NO_PRIMARY_EMAIL));
		Instant now = this.clock.instant();
		this.tokens.invalidateAll(user.userId(), now);
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		this.tokens.insert(UUID.randomUUID(), sha256(token), user.userId(), user.identityStoreId(), now,
				now.plus(this.properties.resetLink().ttl()));
		String link = this.properties.publicBaseUrl() + "/reset-password?token=" + token;
		this.outbox.enqueue(ResetMails.resetLink(email.value(), user.attributes(), link,
				this.properties.resetLink().ttl(), requestedByUser));
	}

	/**
	 * Huawei's CreateUser with {@code password_mode: EMAIL}: the user and its reset link in one
	 * transaction, so that a user who cannot get the link is not created either.
	 */
	@Transactional
	public UserInfo createWithEmailLink(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		UserInfo user = this.users.create(identityStoreId, attributes, actorName(actor));
		resetWithEmailLink(identityStoreId, user.userId(), actor);
		return user;
	}

	/**
	 * The identity store of a usable reset token, without consuming it: a GET of the link (which
	 * mail scanners do) must leave it working.
	 */
	@Transactional(readOnly = true)
	public Optional<String> identityStoreOf(String token) {
		return usableToken(token, this.clock.instant()).map(ResetToken::identityStoreId);
	}

	/**
	 * Sets the password a reset link was sent for. The policy is checked first, so a refused
	 * password leaves the link usable; then the token is consumed by one conditional update, so
	 * that of concurrent confirmations exactly one succeeds, and in the same transaction the
	 * password is set (no change required, no expiry), remembered in the history, the user's other
	 * tokens are invalidated and a notification without the password is queued. It does not sign
	 * the user in.
	 * @throws InvalidResetTokenException for any token that is unknown, malformed, expired, used or
	 * invalidated, or whose user is disabled
	 * @throws PasswordRejectedException if the store's policy refuses the password
	 */
	public void confirm(String token, String newPassword, AuditActor actor) {
		boolean succeeded = false;
		try {
			ResetToken found = usableToken(token, this.clock.instant())
				.orElseThrow(() -> refusedToken(actor, null, "the reset link is invalid or has expired"));
			String identityStoreId = found.identityStoreId();
			UUID userId = found.userId();
			UserCredentials user = this.credentials.credentials(identityStoreId, userId);
			if (!user.enabled()) {
				throw refusedToken(actor, found, "the user is disabled");
			}
			Optional<EmailAddress> email = user.attributes().primaryEmail();
			PasswordContext context = new PasswordContext(user.attributes().userName(),
					email.map(EmailAddress::value).orElse(null), user.attributes().displayName());
			// Outside a transaction: the policy check and the hashing hold no database connection.
			List<String> reasons = new ArrayList<>(this.policies.violations(identityStoreId, newPassword, context, userId));
			if (reasons.isEmpty() && this.hashing.matches(newPassword, user.passwordHash())) {
				reasons.add("Password must differ from the current password.");
			}
			if (!reasons.isEmpty()) {
				this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_CONFIRMED, AuditOutcome.FAILURE,
						this.clock.instant(), CONFIRM_ACTION, resource(identityStoreId, userId),
						"refused: the new password does not meet the policy"));
				throw new PasswordRejectedException(reasons);
			}
			String hash = this.hashing.hash(newPassword);
			Instant changedAt;
			try {
				changedAt = this.transaction.execute((status) -> {
					Instant now = this.clock.instant();
					if (!this.tokens.consume(found.id(), now)) {
						throw new InvalidResetTokenException();
					}
					this.credentials.setPassword(identityStoreId, userId, hash, false, null, "reset-link");
					this.policies.remember(userId, identityStoreId, hash);
					this.tokens.invalidateAll(userId, now);
					this.codes.invalidateAll(userId);
					email.ifPresent((address) -> this.outbox
						.enqueue(ResetMails.passwordChanged(address.value(), user.attributes(), now)));
					return now;
				});
			}
			catch (InvalidResetTokenException ex) {
				throw refusedToken(actor, found, "the reset link was used or invalidated meanwhile");
			}
			// Recorded after the commit: the audit takes a connection of its own, and concurrent
			// confirmations of this token hold connections while they wait for this one's row lock.
			this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_CONFIRMED, AuditOutcome.SUCCESS, changedAt,
					CONFIRM_ACTION, resource(identityStoreId, userId), "the password was changed through a reset link"));
			succeeded = true;
		}
		finally {
			this.metrics.confirmed(succeeded);
		}
	}

	private Optional<ResetToken> usableToken(String token, Instant now) {
		if (!TOKEN_SHAPE.matcher(token).matches()) {
			return Optional.empty();
		}
		return this.tokens.findByHash(sha256(token)).filter((found) -> found.isUsableAt(now));
	}

	private InvalidResetTokenException refusedToken(AuditActor actor, @Nullable ResetToken found, String reason) {
		this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_CONFIRMED, AuditOutcome.FAILURE,
				this.clock.instant(), CONFIRM_ACTION,
				(found != null) ? resource(found.identityStoreId(), found.userId()) : null, "refused: " + reason));
		return new InvalidResetTokenException();
	}

	static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	static String resource(String identityStoreId, UUID userId) {
		return "identitystore/" + identityStoreId + "/user/" + userId;
	}

	private static String actorName(AuditActor actor) {
		return (actor.accountId() != null) ? actor.accountId() : "system";
	}

}
