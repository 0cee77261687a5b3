package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.mail.MailOutbox;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.ldap.DirectoryPasswordRefusedException;
import dev.passwordreset.otp.OneTimePasswordService;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.password.PasswordViolation;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writes of every password change and of every reset link issued, in one short
 * transaction: what claims the user (a token or code spent, a user created), the password
 * and its history, the end of every older way in (reset links, one-time codes), the new
 * link's token, the mails and the success audit row. The audit row commits or rolls back
 * with the change, so a success is never recorded for a change that did not commit, and
 * none is lost.
 * <p>
 * Callers check the policy, hash and take their rate limits before, outside any
 * transaction: the transaction holds the one connection of the request only for the
 * writes, never across a hash, and opens no second one.
 */
@Component
class PasswordChange {

	private final UserCredentialService credentials;

	private final PasswordPolicyService policies;

	private final ResetTokenStore tokens;

	private final OneTimePasswordService codes;

	private final MailOutbox outbox;

	private final AuditLog audit;

	private final Clock clock;

	private final TransactionTemplate transaction;

	PasswordChange(UserCredentialService credentials, PasswordPolicyService policies, ResetTokenStore tokens,
			OneTimePasswordService codes, MailOutbox outbox, AuditLog audit, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.credentials = credentials;
		this.policies = policies;
		this.tokens = tokens;
		this.codes = codes;
		this.outbox = outbox;
		this.audit = audit;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Writes the change in one transaction, or nothing.
	 * @return the user and the moment of the change
	 * @throws RuntimeException whatever the claim or a write throws; the transaction is
	 * rolled back
	 */
	Committed commit(Change change) {
		Committed committed;
		try {
			committed = inTransaction(change);
		}
		catch (DirectoryPasswordRefusedException ex) {
			throw new PasswordRejectedException(List.of(violationOf(ex.reason())));
		}
		if (committed == null) {
			throw new IllegalStateException("The password change returned nothing");
		}
		return committed;
	}

	/**
	 * The directory's refusal as a rule of the policy, in words a user can act on; never
	 * the directory's own message.
	 */
	static PasswordViolation violationOf(DirectoryPasswordRefusedException.Reason reason) {
		return PasswordViolation.byDirectory(reason.name());
	}

	private @Nullable Committed inTransaction(Change change) {
		return this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			UUID userId = change.subject().claim(now);
			NewPassword password = change.password();
			if (password != null) {
				this.credentials.setPassword(change.identityStoreId(), userId, password.hash(),
						password.changeRequired(), password.expiresAt(), password.changedBy());
				this.policies.remember(userId, change.identityStoreId(), password.hash());
			}
			// Issuing a link, and every password change, ends the user's outstanding
			// links.
			this.tokens.invalidateAll(userId, now);
			if (password != null) {
				// Security requirement 8: a password change ends every one-time code too.
				this.codes.invalidateAll(userId);
			}
			NewLink link = change.link();
			if (link != null) {
				this.tokens.insert(UUID.randomUUID(), link.tokenHash(), userId, change.identityStoreId(), now,
						now.plus(link.ttl()));
			}
			change.mails().apply(now).forEach(this.outbox::enqueue);
			this.audit.recordInTransaction(change.success().event(userId, now));
			if (password != null) {
				// Last: an LDAP store's directory takes the password only when
				// every other write has succeeded, and its refusal or outage rolls
				// them all back (the code or link stays unspent, no mail is queued).
				this.credentials.setDirectoryPassword(change.identityStoreId(), userId, password.plain(),
						password.changeRequired());
			}
			return new Committed(userId, now);
		});
	}

	/**
	 * What one change writes.
	 *
	 * @param identityStoreId the user's identity store
	 * @param subject the first step in the transaction, naming the user
	 * @param password the new password, or null when only a link is issued
	 * @param link the reset link to store, or null
	 * @param mails the mails to queue, given the moment of the change
	 * @param success the audit event of the success
	 */
	record Change(String identityStoreId, Subject subject, @Nullable NewPassword password, @Nullable NewLink link,
			Function<Instant, List<OutgoingMail>> mails, Success success) {

		/** A change of an existing user's credentials, with nothing to spend first. */
		static Subject user(UUID userId) {
			return (now) -> userId;
		}

	}

	/**
	 * The first step inside the transaction: names the user, and may spend what the
	 * change needs (a token, a code) or create the user. An exception here rolls
	 * everything back; it is how a concurrent change that won the race is refused.
	 */
	@FunctionalInterface
	interface Subject {

		UUID claim(Instant now);

	}

	/** The success audit event, once the user and the moment are known. */
	@FunctionalInterface
	interface Success {

		AuditEvent event(UUID userId, Instant at);

	}

	/**
	 * An already computed hash and how it may be used.
	 *
	 * @param plain the password itself, for an LDAP store's directory, which hashes it
	 * under its own scheme; an internal store uses only the hash
	 */
	record NewPassword(String hash, String plain, boolean changeRequired, @Nullable Instant expiresAt,
			String changedBy) {

		/** A password the user chose: no change required, no expiry. */
		static NewPassword chosen(String hash, String plain, String changedBy) {
			return new NewPassword(hash, plain, false, null, changedBy);
		}

		@Override
		public String toString() {
			return "NewPassword[changeRequired=" + this.changeRequired + ", changedBy=" + this.changedBy + "]";
		}

	}

	/** A reset link's token, stored only as its SHA-256, usable for {@code ttl}. */
	record NewLink(String tokenHash, Duration ttl) {

	}

	record Committed(UUID userId, Instant at) {

	}

}
