package dev.passwordreset.mail;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import dev.passwordreset.TimeOrderedIds;
import dev.passwordreset.sms.OutgoingSms;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues mail for delivery. A mail is queued in the caller's transaction, together with
 * the change that causes it: if that change rolls back, no mail is sent; once it commits,
 * the mail is delivered at least once by {@link MailOutboxWorker}, however the SMTP
 * server is doing meanwhile. The commit wakes this instance's senders, so that mail goes
 * out as soon as it may.
 * <p>
 * Text messages take the same way ({@link #enqueueSms(OutgoingSms)}): the same table,
 * claim, retries and dead-lettering, delivered through the SMS gateway instead of SMTP.
 */
@Service
public class MailOutbox {

	private final MailOutboxStore store;

	private final Clock clock;

	private final TransactionSynchronization wakeUpAfterCommit;

	MailOutbox(MailOutboxStore store, Clock clock, MailOutboxSenders senders) {
		this.store = store;
		this.clock = clock;
		this.wakeUpAfterCommit = new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				senders.wakeUp();
			}

		};
	}

	/**
	 * Queues a mail in the caller's transaction (or in one of its own when there is none)
	 * and returns its message id at once; nothing is sent before that transaction
	 * commits.
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public UUID enqueue(OutgoingMail mail) {
		Objects.requireNonNull(mail, "'mail' must not be null");
		UUID id = TimeOrderedIds.next();
		this.store.insert(id, mail, this.clock.instant());
		wakeUpAfterCommit();
		return id;
	}

	/**
	 * Queues a text message as {@link #enqueue(OutgoingMail)} queues a mail. Queuing
	 * works whether or not this instance has a gateway (the caller checks
	 * {@code reset.sms}); a worker without one counts a failed attempt and leaves the
	 * message to the backoff.
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public UUID enqueueSms(OutgoingSms sms) {
		Objects.requireNonNull(sms, "'sms' must not be null");
		UUID id = TimeOrderedIds.next();
		this.store.insert(id, sms, this.clock.instant());
		wakeUpAfterCommit();
		return id;
	}

	private void wakeUpAfterCommit() {
		// Before the commit a sender would not see the row; after a rollback there is
		// none.
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(this.wakeUpAfterCommit);
		}
		else {
			this.wakeUpAfterCommit.afterCommit();
		}
	}

	/** How many mails are queued and not yet sent or given up (PENDING or SENDING). */
	@Transactional(readOnly = true)
	public long pendingCount() {
		return this.store.countUnsent();
	}

}
