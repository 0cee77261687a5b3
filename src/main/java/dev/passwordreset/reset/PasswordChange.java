package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.passwordreset.TimeOrderedIds;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.mail.MailOutbox;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.ldap.DirectoryPasswordRefusedException;
import dev.passwordreset.otp.OneTimePasswordService;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.password.PasswordViolation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

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
 * <p>
 * A password of an LDAP store goes to its directory, a network call, which no transaction
 * may span. Such a change takes three short steps instead of one: a transaction claims
 * the code or link (a conditional update with a lease, so that a concurrent use is
 * refused and a crash does not lose it), the directory is written with no connection
 * held, and a second transaction spends the code or link for good and writes the rest.
 * When the directory refuses the password or cannot be reached, a third short transaction
 * gives the claim back instead: the code or link stays usable, and no mail or success is
 * recorded.
 */
@Component
class PasswordChange {

	/**
	 * Added to the directory's longest write for the claim's lease: the moments between
	 * the claim's commit and the write, and between the write and the spend.
	 */
	private static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(PasswordChange.class);

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
	 * Writes the change in one transaction, or nothing; a password of an LDAP store in
	 * the three steps above.
	 * @return the user and the moment of the change
	 * @throws RuntimeException whatever the claim or a write throws; the transaction is
	 * rolled back
	 */
	Committed commit(Change change) {
		Outcome outcome = this.transaction.execute((status) -> firstStep(change));
		if (outcome == null) {
			throw new IllegalStateException("The password change returned nothing");
		}
		if (outcome instanceof Claimed claimed) {
			return throughDirectory(change, claimed);
		}
		return (Committed) outcome;
	}

	/**
	 * The directory's refusal as a rule of the policy, in words a user can act on; never
	 * the directory's own message.
	 */
	static PasswordViolation violationOf(DirectoryPasswordRefusedException.Reason reason) {
		return PasswordViolation.byDirectory(reason.name());
	}

	/**
	 * The whole change for an internal store or a new link; for a password of an LDAP
	 * store, only the claim.
	 */
	private Outcome firstStep(Change change) {
		Instant now = this.clock.instant();
		NewPassword password = change.password();
		if (password != null) {
			Optional<String> directory = this.credentials.directoryOf(change.identityStoreId());
			if (directory.isPresent()) {
				return claim(change, directory.get(), now);
			}
		}
		UUID userId = change.subject().claim(now);
		if (password != null) {
			this.credentials.setPassword(change.identityStoreId(), userId, password.hash(), password.changeRequired(),
					password.expiresAt(), password.changedBy());
		}
		recordTheRest(change, userId, now);
		NewLink link = change.link();
		if (link != null) {
			this.tokens.insert(TimeOrderedIds.next(), link.tokenHash(), userId, change.identityStoreId(), now,
					now.plus(link.ttl()));
		}
		change.mails().apply(now).forEach(this.outbox::enqueue);
		this.audit.recordInTransaction(change.success().event(userId, now));
		return new Committed(userId, now);
	}

	/**
	 * History, and the end of the user's outstanding links (issuing a link ends them too)
	 * and, for a password, of every one-time code (security requirement 8).
	 */
	private void recordTheRest(Change change, UUID userId, Instant now) {
		NewPassword password = change.password();
		if (password != null) {
			this.policies.remember(userId, change.identityStoreId(), password.hash());
		}
		this.tokens.invalidateAll(userId, now);
		if (password != null) {
			this.codes.invalidateAll(userId);
		}
	}

	private Claimed claim(Change change, String directory, Instant now) {
		if (!(change.subject() instanceof User user)) {
			// Only an existing user's password goes to a directory: an LDAP store is
			// read-only for user management, as UserService says for every other write.
			throw IdentityException.readOnlyStore(change.identityStoreId());
		}
		UUID claim = UUID.randomUUID();
		SingleUse spent = user.spent();
		if (spent != null) {
			spent.claim(claim, now, now.plus(this.credentials.longestDirectoryWrite(directory).plus(CLAIM_MARGIN)));
		}
		return new Claimed(user.userId(), directory, claim);
	}

	private Committed throughDirectory(Change change, Claimed claimed) {
		NewPassword password = change.password();
		Assert.state(password != null, "Only a password is written to a directory");
		SingleUse spent = ((User) change.subject()).spent();
		try {
			this.credentials.setDirectoryPassword(claimed.directory(), claimed.userId(), password.plain(),
					password.changeRequired());
		}
		catch (RuntimeException ex) {
			if (spent != null) {
				release(spent, claimed);
			}
			if (ex instanceof DirectoryPasswordRefusedException refused) {
				throw new PasswordRejectedException(List.of(violationOf(refused.reason())));
			}
			throw ex;
		}
		Committed committed = this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			if (spent != null && !spent.spendClaimed(claimed.claim(), now)) {
				// The write outlasted the claim and another use took it over: the
				// password changed all the same, so the change is recorded.
				logger.warn("A claim on a one-time code or link of user {} lapsed during the directory write",
						claimed.userId());
			}
			recordTheRest(change, claimed.userId(), now);
			change.mails().apply(now).forEach(this.outbox::enqueue);
			this.audit.recordInTransaction(change.success().event(claimed.userId(), now));
			return new Committed(claimed.userId(), now);
		});
		if (committed == null) {
			throw new IllegalStateException("The password change returned nothing");
		}
		return committed;
	}

	/**
	 * Gives the claim back after the directory did not take the password. Should this
	 * fail too (the database went as well), the claim lapses on its own.
	 */
	private void release(SingleUse spent, Claimed claimed) {
		try {
			this.transaction.executeWithoutResult((status) -> spent.release(claimed.claim()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give back a claim of user {}; it lapses on its own: {}", claimed.userId(),
					ex.getClass().getSimpleName());
		}
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
			return new User(userId, null);
		}

		/** A change of an existing user's credentials that spends a code or link. */
		static Subject spending(UUID userId, SingleUse spent) {
			return new User(userId, spent);
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

	/** An existing user, and the code or link the change spends, if any. */
	record User(UUID userId, @Nullable SingleUse spent) implements Subject {

		@Override
		public UUID claim(Instant now) {
			if (this.spent != null) {
				this.spent.spend(now);
			}
			return this.userId;
		}

	}

	/**
	 * A reset link or one-time code, used once. Each method is one conditional update in
	 * the caller's transaction.
	 */
	interface SingleUse {

		/**
		 * Spends it for good.
		 * @throws RuntimeException the caller's refusal, when it was spent, ended,
		 * expired or claimed by another change meanwhile
		 */
		void spend(Instant now);

		/**
		 * Claims it until {@code until}, for a change that writes a directory first.
		 * @throws RuntimeException the same refusal as {@link #spend}
		 */
		void claim(UUID claim, Instant now, Instant until);

		/**
		 * Spends it for good under the claim.
		 * @return false when the claim had lapsed and another change took it
		 */
		boolean spendClaimed(UUID claim, Instant now);

		/** Gives the claim back: usable again. */
		void release(UUID claim);

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

	/** What the first step ended with. */
	private sealed interface Outcome permits Committed, Claimed {

	}

	record Committed(UUID userId, Instant at) implements Outcome {

	}

	/** A code or link claimed, the directory's write still to come. */
	private record Claimed(UUID userId, String directory, UUID claim) implements Outcome {

	}

}
