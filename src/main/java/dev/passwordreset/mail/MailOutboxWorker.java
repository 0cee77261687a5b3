package dev.passwordreset.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued mail. Each poll claims up to a batch of due mails, one conditional update per
 * row, so that workers on several instances sharing the database never send the same claim twice;
 * then it sends each mail it still holds. A failed attempt puts the mail back with an exponential
 * backoff; after {@code max-attempts} it is given up (DEAD) and audited.
 * <p>
 * Delivery is at least once. A worker that dies mid-batch leaves its rows SENDING with a lease
 * that runs out, and another worker takes them over. A worker that dies after the SMTP server
 * accepted a mail but before it marked the row SENT causes that mail to be sent once more: SMTP
 * offers no way to make a submission idempotent, though the repeated Message-ID lets a client
 * recognise the copy.
 */
class MailOutboxWorker {

	private static final Logger logger = LoggerFactory.getLogger(MailOutboxWorker.class);

	private final MailOutboxStore store;

	private final MailTransport transport;

	private final MailOutboxProperties properties;

	private final Clock clock;

	private final AuditLog audit;

	private final MailOutboxMetrics metrics;

	private final String name;

	private volatile boolean stopping;

	MailOutboxWorker(MailOutboxStore store, MailTransport transport, MailOutboxProperties properties, Clock clock,
			AuditLog audit, MailOutboxMetrics metrics, String name) {
		this.store = store;
		this.transport = transport;
		this.properties = properties;
		this.clock = clock;
		this.audit = audit;
		this.metrics = metrics;
		this.name = name;
	}

	/**
	 * Claims a batch and delivers it; returns how many mails were claimed. Stops sending when the
	 * lease runs out, since another worker may have taken the rest over by then, and when the
	 * instance stops, giving the rest back at once rather than leaving them to the lease.
	 */
	int poll() {
		if (this.stopping) {
			return 0;
		}
		Instant leaseEnd = this.clock.instant().plus(this.properties.lease());
		List<QueuedMail> claimed = claim();
		for (int i = 0; i < claimed.size(); i++) {
			if (this.stopping) {
				int released = releaseAll(claimed.subList(i, claimed.size()));
				logger.info("Stopping: gave {} claimed mails back for another instance to send", released);
				break;
			}
			if (!this.clock.instant().isBefore(leaseEnd)) {
				break;
			}
			deliver(claimed.get(i));
		}
		return claimed.size();
	}

	/**
	 * Makes the poll in progress, if any, give its undelivered mails back after the mail it is
	 * sending, and further polls do nothing. Called when the instance shuts down.
	 */
	void stop() {
		this.stopping = true;
	}

	/** Undoes {@link #stop()} when a stopped application context is started again. */
	void resume() {
		this.stopping = false;
	}

	private int releaseAll(List<QueuedMail> mails) {
		int released = 0;
		for (QueuedMail mail : mails) {
			released += this.store.release(mail.id(), this.name) ? 1 : 0;
		}
		return released;
	}

	/** Claims up to a batch of due mails for this worker, until the lease runs out. */
	List<QueuedMail> claim() {
		Instant now = this.clock.instant();
		Instant until = now.plus(this.properties.lease());
		List<QueuedMail> claimed = new ArrayList<>();
		for (UUID id : this.store.findClaimable(now, this.properties.batchSize())) {
			if (this.store.claim(id, this.name, now, until)) {
				this.store.findClaimed(id, this.name).ifPresent(claimed::add);
			}
		}
		return claimed;
	}

	void deliver(QueuedMail mail) {
		try {
			this.transport.send(mail);
		}
		catch (Exception ex) {
			failed(mail, ex);
			return;
		}
		Instant sentAt = this.clock.instant();
		if (!this.store.markSent(mail.id(), this.name, sentAt)) {
			logger.warn("Mail {} was sent, but its claim had been taken over; it may be sent twice", mail.id());
		}
		this.metrics.sent(Duration.between(mail.queuedAt(), sentAt));
	}

	private void failed(QueuedMail mail, Exception ex) {
		int attempts = mail.attempts() + 1;
		// The exception's type only: a server's reply may quote the message, reset link included.
		String error = "delivery failed: " + ex.getClass().getName();
		if (error.length() > 256) {
			error = error.substring(0, 256);
		}
		Instant now = this.clock.instant();
		if (attempts < this.properties.maxAttempts()) {
			Instant next = now.plus(this.properties.backoffAfter(attempts));
			this.store.markRetry(mail.id(), this.name, attempts, next, error);
			this.metrics.failed();
			logger.info("Mail {}: attempt {} failed ({}); next at {}", mail.id(), attempts, ex.getClass().getName(),
					next);
		}
		else if (this.store.markDead(mail.id(), this.name, attempts, error)) {
			this.metrics.failed();
			this.metrics.dead();
			logger.warn("Mail {}: gave up after {} failed attempts ({})", mail.id(), attempts, ex.getClass().getName());
			this.audit.record(AuditActor.SYSTEM.event(AuditEventType.MAIL_DEAD, AuditOutcome.FAILURE, now, "mail:send",
					"mail/" + mail.id(), "gave up after " + attempts + " failed delivery attempts"));
		}
	}

}
