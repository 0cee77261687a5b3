package dev.passwordreset.mail;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues mail for delivery. A mail is queued in the caller's transaction, together with the change
 * that causes it: if that change rolls back, no mail is sent; once it commits, the mail is
 * delivered at least once by {@link MailOutboxWorker}, however the SMTP server is doing meanwhile.
 */
@Service
public class MailOutbox {

	private final MailOutboxStore store;

	private final Clock clock;

	MailOutbox(MailOutboxStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/**
	 * Queues a mail in the caller's transaction (or in one of its own when there is none) and
	 * returns its message id at once; nothing is sent before that transaction commits.
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public UUID enqueue(OutgoingMail mail) {
		Objects.requireNonNull(mail, "'mail' must not be null");
		UUID id = UUID.randomUUID();
		this.store.insert(id, mail, this.clock.instant());
		return id;
	}

	/** How many mails are queued and not yet sent or given up (PENDING or SENDING). */
	@Transactional(readOnly = true)
	public long pendingCount() {
		return this.store.countUnsent();
	}

}
