package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.EmailAddress;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.IdentityStoreInfo;
import dev.passwordreset.identity.IdentityStoreService;
import dev.passwordreset.identity.PhoneNumber;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.mail.MailOutbox;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.otp.AcceptedCode;
import dev.passwordreset.otp.CodeBinding;
import dev.passwordreset.otp.CodeRejection;
import dev.passwordreset.otp.IssuedCode;
import dev.passwordreset.otp.OneTimePasswordProperties;
import dev.passwordreset.otp.OneTimePasswordRejectedException;
import dev.passwordreset.otp.OneTimePasswordService;
import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.password.PasswordViolation;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import dev.passwordreset.sms.OutgoingSms;
import dev.passwordreset.sms.SmsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resets with a one-time code, as Oracle Access Manager's applications do them: a code is
 * issued (mailed, or handed to the calling application), validated, and then spent on a
 * new password; and the user's own change with the current password. Users are named by
 * identity store name and user name, and by distinguished name when the caller knows it.
 * <p>
 * A reset checks the code and the policy first, outside a transaction, so that a counted
 * wrong guess stays counted and no connection is held while hashing. Then one
 * {@link PasswordChange} spends the code with a conditional update (of concurrent resets
 * with one code exactly one succeeds), sets the password, invalidates the user's reset
 * links and other codes, queues the notification and records the success. For an LDAP
 * store it claims the code first and spends it only once the directory took the password,
 * with no connection held meanwhile (see {@link PasswordChange}).
 */
@Service
public class OneTimeCodeResetService {

	static final String ISSUE_ACTION = "identitystore:user:createOneTimeCode";

	static final String VALIDATE_ACTION = "identitystore:user:validateOneTimeCode";

	static final String RESET_ACTION = "identitystore:user:resetPasswordWithCode";

	static final String CHANGE_ACTION = "identitystore:user:changePassword";

	private final IdentityStoreService stores;

	private final UserCredentialService credentials;

	private final OneTimePasswordService codes;

	private final OneTimePasswordProperties codeProperties;

	private final PasswordPolicyService policies;

	private final ChosenPasswords chosenPasswords;

	private final SignInService signIns;

	private final MailOutbox outbox;

	private final SmsProperties sms;

	private final AuditLog audit;

	private final RateLimiter rateLimiter;

	private final RateLimit issueLimit;

	private final Clock clock;

	private final ResetMetrics metrics;

	private final TransactionTemplate transaction;

	private final PasswordChange change;

	OneTimeCodeResetService(IdentityStoreService stores, UserCredentialService credentials,
			OneTimePasswordService codes, OneTimePasswordProperties codeProperties, PasswordPolicyService policies,
			ChosenPasswords chosenPasswords, SignInService signIns, MailOutbox outbox, SmsProperties sms,
			AuditLog audit, RateLimiter rateLimiter, ResetMetrics metrics, Clock clock,
			PlatformTransactionManager transactionManager, PasswordChange change) {
		this.stores = stores;
		this.credentials = credentials;
		this.codes = codes;
		this.codeProperties = codeProperties;
		this.policies = policies;
		this.chosenPasswords = chosenPasswords;
		this.signIns = signIns;
		this.outbox = outbox;
		this.sms = sms;
		this.audit = audit;
		this.rateLimiter = rateLimiter;
		this.issueLimit = rateLimiter.declare(new RateLimit("one_time_code_user",
				codeProperties.issueLimit().maxCodes(), codeProperties.issueLimit().window()));
		this.metrics = metrics;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.change = change;
	}

	/**
	 * Issues a code and, for {@link CodeChannel#EMAIL} and {@link CodeChannel#SMS},
	 * queues it in a mail or text message in the same transaction, through the same
	 * outbox. The mail goes to the user's primary address, or to {@code email} when that
	 * is one of the user's own addresses; the text to the user's primary phone number, or
	 * to {@code phone} when that is one of the user's own numbers (compared by digits and
	 * a leading {@code +}): never to an address or number that is not on file. Issuing
	 * replaces the user's previous code for the application, and counts against the
	 * user's limit.
	 * @throws CodeNotSentException for TOTP, SMS without a gateway, a disabled user, or
	 * no usable address or number
	 * @throws TooManyCodesException past {@code reset.oam.otp.issue-limit}
	 */
	public IssuedOneTimeCode issue(UserReference reference, String appName, @Nullable String sessionId,
			CodeChannel channel, @Nullable String email, @Nullable String phone, AuditActor actor) {
		if (channel == CodeChannel.TOTP || (channel == CodeChannel.SMS && !this.sms.enabled())) {
			this.audit.record(actor.event(AuditEventType.ONE_TIME_CODE_ISSUED, AuditOutcome.FAILURE,
					this.clock.instant(), ISSUE_ACTION, null, "refused: channel " + channel + " is not supported"));
			throw new CodeNotSentException(CodeNotSentException.Reason.CHANNEL_NOT_SUPPORTED);
		}
		UserCredentials user = resolve(reference, actor, AuditEventType.ONE_TIME_CODE_ISSUED, ISSUE_ACTION);
		String resource = PasswordResetService.resource(user.identityStoreId(), user.userId());
		if (!user.enabled()) {
			throw notSent(actor, resource, CodeNotSentException.Reason.USER_DISABLED);
		}
		Optional<String> recipient = Optional.empty();
		if (channel == CodeChannel.EMAIL) {
			if (email != null) {
				recipient = user.attributes()
					.emails()
					.stream()
					.map(EmailAddress::value)
					.filter((own) -> own.equalsIgnoreCase(email.strip()))
					.findFirst();
				if (recipient.isEmpty()) {
					throw notSent(actor, resource, CodeNotSentException.Reason.EMAIL_NOT_ON_FILE);
				}
			}
			else {
				recipient = user.attributes().primaryEmail().map(EmailAddress::value);
				if (recipient.isEmpty()) {
					throw notSent(actor, resource, CodeNotSentException.Reason.NO_EMAIL);
				}
			}
		}
		else if (channel == CodeChannel.SMS) {
			recipient = Optional.of(numberOnFile(user, phone, actor, resource));
		}
		RateLimiter.Decision decision = this.rateLimiter.tryAcquire(this.issueLimit, user.userId().toString());
		if (!decision.allowed()) {
			this.audit.record(actor.event(AuditEventType.ONE_TIME_CODE_ISSUED, AuditOutcome.DENIED,
					this.clock.instant(), ISSUE_ACTION, resource, "refused: too many codes for this user"));
			throw new TooManyCodesException(decision.retryAfter());
		}
		Optional<String> to = recipient;
		IssuedCode issued = this.transaction.execute((status) -> {
			IssuedCode code = this.codes.issue(user.identityStoreId(),
					new CodeBinding(user.userId(), appName, sessionId));
			if (channel == CodeChannel.SMS) {
				to.ifPresent((number) -> this.outbox.enqueueSms(
						ResetTexts.oneTimeCode(number, user.attributes(), code.code(), this.codeProperties.ttl())));
			}
			else {
				to.ifPresent((address) -> this.outbox.enqueue(
						ResetMails.oneTimeCode(address, user.attributes(), code.code(), this.codeProperties.ttl())));
			}
			// Recorded with the code: a code that did not commit is never audited as
			// issued.
			this.audit.recordInTransaction(actor.event(AuditEventType.ONE_TIME_CODE_ISSUED, AuditOutcome.SUCCESS,
					this.clock.instant(), ISSUE_ACTION, resource,
					"a one-time code was issued by " + channel.name().toLowerCase(Locale.ROOT)));
			return code;
		});
		this.metrics.codeIssued(channel);
		return new IssuedOneTimeCode(issued.correlationId(), (channel == CodeChannel.CUSTOM) ? issued.code() : null,
				issued.expiresAt());
	}

	/**
	 * The number a code goes to, normalized: {@code requested} when it is one of the
	 * user's own numbers, the primary one otherwise. A number the gateway could not dial
	 * (a stored extension, say) counts as none.
	 */
	private String numberOnFile(UserCredentials user, @Nullable String requested, AuditActor actor, String resource) {
		if (requested != null) {
			String wanted = new PhoneNumber(requested, null, false).normalized();
			return user.attributes()
				.phoneNumbers()
				.stream()
				.map(PhoneNumber::normalized)
				.filter((own) -> own.equals(wanted) && OutgoingSms.isNumber(own))
				.findFirst()
				.orElseThrow(() -> notSent(actor, resource, CodeNotSentException.Reason.PHONE_NOT_ON_FILE));
		}
		return user.attributes()
			.primaryPhoneNumber()
			.map(PhoneNumber::normalized)
			.filter(OutgoingSms::isNumber)
			.orElseThrow(() -> notSent(actor, resource, CodeNotSentException.Reason.NO_PHONE));
	}

	/**
	 * OAM's validateOTP: accepts the right code once, for the user, application and
	 * session it was issued for, and marks it verified for a reset that follows within
	 * its lifetime.
	 * @throws OneTimePasswordRejectedException if the code is not accepted
	 */
	public void validate(UserReference reference, CodeReference code, AuditActor actor) {
		boolean succeeded = false;
		try {
			UserCredentials user = resolve(reference, actor, AuditEventType.ONE_TIME_CODE_VALIDATED, VALIDATE_ACTION);
			String resource = PasswordResetService.resource(user.identityStoreId(), user.userId());
			// The success is recorded with the code's verification, in one transaction; a
			// rejection is returned rather than thrown from it, so that a wrong guess's
			// count commits, and is recorded after it in a transaction of its own.
			OneTimePasswordRejectedException rejection = this.transaction.execute((status) -> {
				try {
					requireUsable(user, code);
					this.codes.validate(code.correlationId(), binding(user, code), code.code());
				}
				catch (OneTimePasswordRejectedException ex) {
					return ex;
				}
				this.audit.recordInTransaction(actor.event(AuditEventType.ONE_TIME_CODE_VALIDATED, AuditOutcome.SUCCESS,
						this.clock.instant(), VALIDATE_ACTION, resource, "the one-time code was accepted"));
				return null;
			});
			if (rejection != null) {
				throw refused(actor, AuditEventType.ONE_TIME_CODE_VALIDATED, VALIDATE_ACTION, resource, rejection);
			}
			succeeded = true;
		}
		finally {
			this.metrics.codeValidated(succeeded);
		}
	}

	/**
	 * Sets a new password with a one-time code: the code is checked (a code validated
	 * before is accepted too, while it is unused), the password against the store's
	 * policy, and then one transaction spends the code, sets the password, invalidates
	 * the user's reset links and other codes and queues a notification without the
	 * password.
	 * @throws OneTimePasswordRejectedException if the code is not accepted or was spent
	 * meanwhile
	 * @throws PasswordRejectedException if the policy refuses the password; the code
	 * stays usable
	 */
	public void resetPassword(UserReference reference, CodeReference code, String newPassword, AuditActor actor) {
		boolean succeeded = false;
		try {
			UserCredentials user = resolve(reference, actor, AuditEventType.PASSWORD_RESET_WITH_CODE, RESET_ACTION);
			String resource = PasswordResetService.resource(user.identityStoreId(), user.userId());
			AcceptedCode accepted;
			try {
				requireUsable(user, code);
				accepted = this.codes.accept(code.correlationId(), binding(user, code), code.code());
			}
			catch (OneTimePasswordRejectedException ex) {
				throw refused(actor, AuditEventType.PASSWORD_RESET_WITH_CODE, RESET_ACTION, resource, ex);
			}
			String hash = acceptableHash(user, newPassword, actor, AuditEventType.PASSWORD_RESET_WITH_CODE,
					RESET_ACTION);
			try {
				storePassword(user, PasswordChange.Change.spending(user.userId(), new CodeUse(accepted)), hash,
						newPassword, ResetMails::passwordChangedWithCode,
						(changed, now) -> actor.event(AuditEventType.PASSWORD_RESET_WITH_CODE, AuditOutcome.SUCCESS,
								now, RESET_ACTION, resource, "the password was changed with a one-time code"));
			}
			catch (OneTimePasswordRejectedException ex) {
				throw refused(actor, AuditEventType.PASSWORD_RESET_WITH_CODE, RESET_ACTION, resource, ex);
			}
			catch (PasswordRejectedException ex) {
				// Only an LDAP store's directory refuses here, after our policy allowed
				// it; its claim on the code was given back, so the code is still unspent.
				this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_WITH_CODE, AuditOutcome.FAILURE,
						this.clock.instant(), RESET_ACTION, resource,
						"refused: the directory's password policy refused the new password"));
				throw ex;
			}
			succeeded = true;
		}
		finally {
			this.metrics.resetRequested(ResetMetrics.OAM, ResetMetrics.OTP, succeeded);
		}
	}

	/**
	 * The user's own change: the current password is checked as a sign-in (failures count
	 * towards the lockout), so a user who was given a one-time password sets the one to
	 * keep.
	 * @throws SignInFailedException if the current password is wrong, expired or the user
	 * cannot sign in now
	 * @throws PasswordRejectedException if the policy refuses the new password
	 */
	public void changePassword(UserReference reference, String currentPassword, String newPassword, AuditActor actor) {
		UserCredentials user = resolve(reference, actor, AuditEventType.PASSWORD_CHANGED, CHANGE_ACTION);
		this.signIns.signIn(user.identityStoreId(), user.attributes().userName(), currentPassword, actor);
		UserCredentials current = this.credentials.credentials(user.identityStoreId(), user.userId());
		String hash = acceptableHash(current, newPassword, actor, AuditEventType.PASSWORD_CHANGED, CHANGE_ACTION);
		storePassword(current, PasswordChange.Change.user(current.userId()), hash, newPassword,
				ResetMails::passwordChangedByUser,
				(changed, now) -> actor.event(AuditEventType.PASSWORD_CHANGED, AuditOutcome.SUCCESS, now, CHANGE_ACTION,
						PasswordResetService.resource(user.identityStoreId(), user.userId()),
						"the password was changed with the current one"));
	}

	/**
	 * The rules of the store's policy this password would break for this user; empty if
	 * none.
	 */
	public List<PasswordViolation> violations(UserReference reference, String password) {
		UserCredentials user = resolveQuietly(reference);
		return this.policies.violations(user.identityStoreId(), password, ChosenPasswords.contextOf(user),
				user.userId(), user.passwordHash());
	}

	/** The policy of the user's identity store. */
	public PasswordPolicy policyFor(UserReference reference) {
		return this.policies.policyOf(resolveQuietly(reference).identityStoreId());
	}

	/** The policy of the identity store with this name. */
	public PasswordPolicy policyOfStore(String identityStoreName) {
		return this.policies.policyOf(store(identityStoreName).identityStoreId());
	}

	private String acceptableHash(UserCredentials user, String newPassword, AuditActor actor, AuditEventType type,
			String action) {
		try {
			return this.chosenPasswords.hash(user, newPassword);
		}
		catch (PasswordRejectedException ex) {
			this.audit.record(actor.event(type, AuditOutcome.FAILURE, this.clock.instant(), action,
					PasswordResetService.resource(user.identityStoreId(), user.userId()),
					"refused: the new password does not meet the policy"));
			throw ex;
		}
	}

	/**
	 * The password, its history, the end of every older way in, the notification and the
	 * audit: one transaction.
	 */
	private void storePassword(UserCredentials user, PasswordChange.Subject subject, String hash, String newPassword,
			Notification notification, PasswordChange.Success success) {
		this.change.commit(new PasswordChange.Change(user.identityStoreId(), subject,
				PasswordChange.NewPassword.chosen(hash, newPassword, "one-time-code"), null,
				(now) -> user.attributes()
					.primaryEmail()
					.map((address) -> List.of(notification.mail(address.value(), user.attributes(), now)))
					.orElse(List.of()),
				success));
	}

	/** The code must be for this user, and a disabled user's codes are no good. */
	private static void requireUsable(UserCredentials user, CodeReference code) {
		if (!user.enabled() || !code.userName().equalsIgnoreCase(user.attributes().userName())) {
			throw new OneTimePasswordRejectedException(CodeRejection.INVALID);
		}
	}

	private static CodeBinding binding(UserCredentials user, CodeReference code) {
		return new CodeBinding(user.userId(), code.appName(), code.sessionId());
	}

	private UserCredentials resolve(UserReference reference, AuditActor actor, AuditEventType type, String action) {
		try {
			return resolveQuietly(reference);
		}
		catch (IdentityException ex) {
			this.audit.record(actor.event(type, AuditOutcome.FAILURE, this.clock.instant(), action, null,
					(ex.error() == IdentityError.STORE_NOT_FOUND) ? "refused: unknown identity store"
							: "refused: unknown user"));
			throw ex;
		}
	}

	/**
	 * The user by store name and user name; when the caller gave a distinguished name and
	 * one is stored, they must name the same entry.
	 */
	private UserCredentials resolveQuietly(UserReference reference) {
		// The store and an internal user are read in one short transaction; a directory
		// is searched after it, with no connection held.
		UserCredentials user = this.credentials
			.findByStoreNameAndUserName(reference.identityStoreName(), reference.userName())
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, null));
		String stored = user.attributes().distinguishedName();
		if (reference.distinguishedName() != null && stored != null && !reference.distinguishedName().sameAs(stored)) {
			throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, null);
		}
		return user;
	}

	private IdentityStoreInfo store(String name) {
		return this.stores.findByName(name)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.STORE_NOT_FOUND, null));
	}

	private CodeNotSentException notSent(AuditActor actor, String resource, CodeNotSentException.Reason reason) {
		this.audit.record(actor.event(AuditEventType.ONE_TIME_CODE_ISSUED, AuditOutcome.FAILURE, this.clock.instant(),
				ISSUE_ACTION, resource, "refused: " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
		return new CodeNotSentException(reason);
	}

	private OneTimePasswordRejectedException refused(AuditActor actor, AuditEventType type, String action,
			String resource, OneTimePasswordRejectedException ex) {
		this.audit.record(actor.event(type, AuditOutcome.FAILURE, this.clock.instant(), action, resource,
				"refused: the one-time code is " + ex.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
		return ex;
	}

	/**
	 * A one-time code as the change spends it; one spent or claimed meanwhile is USED.
	 */
	private final class CodeUse implements PasswordChange.SingleUse {

		private final AcceptedCode code;

		CodeUse(AcceptedCode code) {
			this.code = code;
		}

		@Override
		public void spend(Instant now) {
			OneTimeCodeResetService.this.codes.consume(this.code);
		}

		@Override
		public void claim(UUID claim, Instant now, Instant until) {
			OneTimeCodeResetService.this.codes.claim(this.code, claim, until);
		}

		@Override
		public boolean spendClaimed(UUID claim, Instant now) {
			return OneTimeCodeResetService.this.codes.consumeClaimed(this.code, claim);
		}

		@Override
		public void release(UUID claim) {
			OneTimeCodeResetService.this.codes.release(this.code, claim);
		}

	}

	@FunctionalInterface
	private interface Notification {

		OutgoingMail mail(String to, UserAttributes user, Instant at);

	}

}
