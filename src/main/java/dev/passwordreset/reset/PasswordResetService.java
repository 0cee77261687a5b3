package dev.passwordreset.reset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
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
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import dev.passwordreset.reset.ResetTokenStore.ResetToken;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administrator-initiated resets. A one-time password is random, satisfies the store's
 * policy, is stored only as a hash, must be changed at the next sign-in and stops working
 * after {@code reset.otp-password.ttl}; the administrator never chooses it.
 * <p>
 * In EMAIL mode the user gets a link instead, built from {@code reset.public-base-url},
 * that carries a token of 256 random bits; only its SHA-256 is stored. The token works
 * once, for {@code reset.reset-link.ttl}. Issuing a link or a one-time password, and
 * every password change, invalidates all of the user's outstanding tokens.
 */
@Service
public class PasswordResetService {

	/** A user's creation with a password is not a reset: no limit counts it. */
	private static final Runnable NOTHING_ON_TURN = () -> {
	};

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

	private final RateLimiter limiter;

	private final RateLimit perUser;

	private final ResetMetrics metrics;

	private final PasswordChange change;

	private final ChosenPasswords chosenPasswords;

	private final DirectoryUserCreation directoryCreation;

	PasswordResetService(UserService users, UserCredentialService credentials, PasswordPolicyService policies,
			PasswordHashing hashing, AuditLog audit, ResetProperties properties, Clock clock, ResetTokenStore tokens,
			ResetMetrics metrics, RateLimiter limiter, PasswordChange change, ChosenPasswords chosenPasswords,
			DirectoryUserCreation directoryCreation) {
		this.limiter = limiter;
		this.perUser = limiter.declare(new RateLimit("administrator_reset_user",
				properties.administratorResets().maxPerUser(), properties.administratorResets().window()));
		this.users = users;
		this.credentials = credentials;
		this.policies = policies;
		this.hashing = hashing;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
		this.tokens = tokens;
		this.metrics = metrics;
		this.change = change;
		this.chosenPasswords = chosenPasswords;
		this.directoryCreation = directoryCreation;
	}

	/**
	 * Huawei's ResetPwdMode with {@code mode: OTP}. The lookup, the rate limit and the
	 * hash each run before the change's one short transaction, none inside another. The
	 * rate limit counts the reset only once it has its turn to hash: a reset refused for
	 * want of a turn (a 503) counts nothing, so a client that retries after
	 * {@code Retry-After} is not then refused by the limit for resets that never
	 * happened. A disabled internal user gets the password and stays disabled; a disabled
	 * directory user is refused, since the directory would enable the account with it.
	 * @throws ResetNotPossibleException if the user is disabled in a directory
	 */
	public IssuedPassword resetWithOneTimePassword(String identityStoreId, UUID userId, AuditActor actor) {
		boolean succeeded = false;
		try {
			UserCredentials user = this.credentials.credentials(identityStoreId, userId);
			if (!user.enabled() && this.credentials.isDirectoryUser(user)) {
				// OpenLDAP's ppolicy removes an administrator's pwdAccountLockedTime when
				// the password changes, so the write would quietly enable the account.
				throw new ResetNotPossibleException(ResetNotPossibleException.Reason.USER_DISABLED);
			}
			IssuedPassword issued = issueOneTimePassword(identityStoreId, user.attributes(),
					PasswordChange.Change.user(userId), actor, () -> requireWithinLimit(userId));
			succeeded = true;
			return issued;
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.IDENTITY_CENTER, ResetMetrics.OTP, succeeded);
		}
	}

	private IssuedPassword issueOneTimePassword(String identityStoreId, UserAttributes attributes,
			PasswordChange.Subject subject, AuditActor actor, Runnable onTurn) {
		boolean masked = this.properties.otpPassword().maskInResponse();
		Optional<EmailAddress> email = attributes.primaryEmail();
		if (masked && email.isEmpty()) {
			throw new ResetNotPossibleException(ResetNotPossibleException.Reason.NO_PRIMARY_EMAIL_FOR_PASSWORD);
		}
		String password = this.policies.generateTemporaryPassword(identityStoreId);
		Instant expiresAt = this.clock.instant().plus(this.properties.otpPassword().ttl());
		// Outside a transaction: no connection is held while hashing. The rate limit
		// runs on the turn, before the hash, in a short transaction that ends first.
		String hash = this.hashing.withTurn(() -> {
			onTurn.run();
			return this.hashing.hash(password);
		});
		PasswordChange.Committed committed = this.change.commit(new PasswordChange.Change(identityStoreId, subject,
				new PasswordChange.NewPassword(hash, password, true, expiresAt, actorName(actor)), null, (now) -> {
					if (masked) {
						// The answer cannot show it, so mail is its channel: to the
						// address on file only.
						return List
							.of(ResetMails.oneTimePassword(email.get().value(), attributes, password, expiresAt));
					}
					// Security requirement 15: the user learns of every reset, never its
					// password.
					return email
						.map((address) -> List.of(ResetMails.oneTimePasswordSet(address.value(), attributes, now)))
						.orElse(List.of());
				},
				(changed, now) -> actor.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, now, RESET_ACTION,
						resource(identityStoreId, changed),
						masked ? "mode OTP: a one-time password was issued and mailed"
								: "mode OTP: a one-time password was issued")));
		return new IssuedPassword(committed.userId(), masked ? mask(password) : password, expiresAt);
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

	/**
	 * Huawei's {@code pass***}: enough for the user to tell which mail is meant, no more.
	 */
	static String mask(String password) {
		return password.substring(0, Math.min(4, password.length() / 4)) + "***";
	}

	/**
	 * Huawei's CreateUser with {@code password_mode: OTP}: the user and its one-time
	 * password in one transaction, so there is never a user whose promised password was
	 * lost. The password is hashed before it opens. The user's creation is audited
	 * (USER_CREATED) with the reset: its success in that transaction, a refusal after it
	 * rolled back. On a writable LDAP store the entry is added to the directory first and
	 * given its one-time password as {@link #resetWithOneTimePassword} gives it (see
	 * {@link DirectoryUserCreation}).
	 */
	public IssuedPassword createWithOneTimePassword(String identityStoreId, UserAttributes attributes,
			AuditActor actor) {
		Optional<IssuedPassword> inDirectory = this.directoryCreation.create(identityStoreId, attributes, actor,
				(user) -> resetWithOneTimePassword(identityStoreId, user.userId(), actor));
		if (inDirectory.isPresent()) {
			return inDirectory.get();
		}
		boolean succeeded = false;
		try {
			IssuedPassword issued = issueOneTimePassword(identityStoreId, attributes,
					(now) -> this.users.createInTransaction(identityStoreId, attributes, actor).userId(), actor,
					NOTHING_ON_TURN);
			succeeded = true;
			return issued;
		}
		catch (RuntimeException ex) {
			// After the rollback: the user was not created.
			this.users.recordRefusedCreate(identityStoreId, actor, ex);
			throw ex;
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.IDENTITY_CENTER, ResetMetrics.OTP, succeeded);
		}
	}

	/**
	 * Huawei's ResetPwdMode with {@code mode: EMAIL}: invalidates the user's outstanding
	 * links, stores a new token and queues the mail with the link, all in one
	 * transaction. Nothing is sent before it commits, and the caller does not wait for
	 * the mail server.
	 * @throws ResetNotPossibleException if the user is disabled or has no primary email
	 * address
	 */
	public void resetWithEmailLink(String identityStoreId, UUID userId, AuditActor actor) {
		boolean succeeded = false;
		try {
			requireWithinLimit(userId);
			UserCredentials user = this.credentials.credentials(identityStoreId, userId);
			if (!user.enabled()) {
				throw new ResetNotPossibleException(ResetNotPossibleException.Reason.USER_DISABLED);
			}
			queueResetLink(identityStoreId, user.attributes(), PasswordChange.Change.user(userId), false,
					(changed, now) -> actor.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, now,
							RESET_ACTION, resource(identityStoreId, changed), "mode EMAIL: a reset link was queued"));
			succeeded = true;
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.IDENTITY_CENTER, ResetMetrics.EMAIL, succeeded);
		}
	}

	/**
	 * The "forgot password" twin of {@link #resetWithEmailLink}: the same link and mail,
	 * audited as the user's own request. Its writes join the caller's transaction when
	 * there is one, so that the self-service worker deletes the request in the same
	 * commit.
	 * @throws ResetNotPossibleException if the user is disabled or has no primary email
	 * address
	 */
	public void sendResetLinkRequestedByUser(UserCredentials user, AuditActor actor) {
		if (!user.enabled()) {
			throw new ResetNotPossibleException(ResetNotPossibleException.Reason.USER_DISABLED);
		}
		queueResetLink(user.identityStoreId(), user.attributes(), PasswordChange.Change.user(user.userId()), true,
				(changed, now) -> actor.event(AuditEventType.PASSWORD_RESET_REQUESTED, AuditOutcome.SUCCESS, now,
						SelfServiceResetService.REQUEST_ACTION, resource(user.identityStoreId(), changed),
						"a reset link was queued"));
	}

	/**
	 * Invalidates the user's outstanding links, stores a new token and queues the mail
	 * with the link, in one transaction with the success audit.
	 */
	private PasswordChange.Committed queueResetLink(String identityStoreId, UserAttributes attributes,
			PasswordChange.Subject subject, boolean requestedByUser, PasswordChange.Success success) {
		EmailAddress email = attributes.primaryEmail()
			.orElseThrow(() -> new ResetNotPossibleException(ResetNotPossibleException.Reason.NO_PRIMARY_EMAIL));
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String link = this.properties.publicBaseUrl() + "/reset-password?token=" + token;
		return this.change.commit(new PasswordChange.Change(identityStoreId, subject, null,
				new PasswordChange.NewLink(sha256(token), this.properties.resetLink().ttl()),
				(now) -> List.of(ResetMails.resetLink(email.value(), attributes, link,
						this.properties.resetLink().ttl(), requestedByUser)),
				success));
	}

	/**
	 * Huawei's CreateUser with {@code password_mode: EMAIL}: the user and its reset link
	 * in one transaction, so that a user who cannot get the link is not created either.
	 * The user's creation is audited as in {@link #createWithOneTimePassword}. On a
	 * writable LDAP store the entry is added to the directory first and sent its link as
	 * {@link #resetWithEmailLink} sends it.
	 */
	public UserInfo createWithEmailLink(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		Optional<UserInfo> inDirectory = this.directoryCreation.create(identityStoreId, attributes, actor, (user) -> {
			resetWithEmailLink(identityStoreId, user.userId(), actor);
			return user;
		});
		if (inDirectory.isPresent()) {
			return inDirectory.get();
		}
		boolean succeeded = false;
		try {
			AtomicReference<UserInfo> created = new AtomicReference<>();
			queueResetLink(identityStoreId, attributes, (now) -> {
				UserInfo user = this.users.createInTransaction(identityStoreId, attributes, actor);
				created.set(user);
				return user.userId();
			}, false, (changed, now) -> actor.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, now,
					RESET_ACTION, resource(identityStoreId, changed), "mode EMAIL: a reset link was queued"));
			succeeded = true;
			return created.get();
		}
		catch (RuntimeException ex) {
			// After the rollback: the user was not created.
			this.users.recordRefusedCreate(identityStoreId, actor, ex);
			throw ex;
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.IDENTITY_CENTER, ResetMetrics.EMAIL, succeeded);
		}
	}

	/**
	 * The identity store of a usable reset token, without consuming it: a GET of the link
	 * (which mail scanners do) must leave it working.
	 */
	@Transactional(readOnly = true)
	public Optional<String> identityStoreOf(String token) {
		return usableToken(token, this.clock.instant()).map(ResetToken::identityStoreId);
	}

	/**
	 * Sets the password a reset link was sent for. The policy is checked first, so a
	 * refused password leaves the link usable; then the token is consumed by one
	 * conditional update, so that of concurrent confirmations exactly one succeeds, and
	 * in the same transaction the password is set (no change required, no expiry),
	 * remembered in the history, the user's other tokens are invalidated and a
	 * notification without the password is queued. For an LDAP store the token is claimed
	 * first and consumed only once the directory took the password (see
	 * {@link PasswordChange}). It does not sign the user in.
	 * @throws InvalidResetTokenException for any token that is unknown, malformed,
	 * expired, used or invalidated, or whose user is disabled
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
			String hash;
			try {
				hash = this.chosenPasswords.hash(user, newPassword);
			}
			catch (PasswordRejectedException ex) {
				this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_CONFIRMED, AuditOutcome.FAILURE,
						this.clock.instant(), CONFIRM_ACTION, resource(identityStoreId, userId),
						"refused: the new password does not meet the policy"));
				throw ex;
			}
			try {
				this.change.commit(new PasswordChange.Change(identityStoreId,
						PasswordChange.Change.spending(userId, new LinkUse(found.id())),
						PasswordChange.NewPassword.chosen(hash, newPassword, "reset-link"), null,
						(now) -> email
							.map((address) -> List
								.of(ResetMails.passwordChanged(address.value(), user.attributes(), now)))
							.orElse(List.of()),
						(changed, now) -> actor.event(AuditEventType.PASSWORD_RESET_CONFIRMED, AuditOutcome.SUCCESS,
								now, CONFIRM_ACTION, resource(identityStoreId, changed),
								"the password was changed through a reset link")));
			}
			catch (InvalidResetTokenException ex) {
				throw refusedToken(actor, found, "the reset link was used or invalidated meanwhile");
			}
			succeeded = true;
		}
		finally {
			this.metrics.confirmed(succeeded);
		}
	}

	/**
	 * A reset link as the change spends it; a link spent, ended or claimed meanwhile is
	 * refused as invalid.
	 */
	private final class LinkUse implements PasswordChange.SingleUse {

		private final UUID id;

		LinkUse(UUID id) {
			this.id = id;
		}

		@Override
		public void spend(Instant now) {
			if (!PasswordResetService.this.tokens.consume(this.id, now)) {
				throw new InvalidResetTokenException();
			}
		}

		@Override
		public void claim(UUID claim, Instant now, Instant until) {
			if (!PasswordResetService.this.tokens.claim(this.id, claim, now, until)) {
				throw new InvalidResetTokenException();
			}
		}

		@Override
		public boolean spendClaimed(UUID claim, Instant now) {
			return PasswordResetService.this.tokens.consumeClaimed(this.id, claim, now);
		}

		@Override
		public void release(UUID claim) {
			PasswordResetService.this.tokens.release(this.id, claim);
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
