package dev.passwordreset.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.mail.MailOutboxStore.Channel;
import dev.passwordreset.sms.SmsGateway;
import dev.passwordreset.sms.SmsOutcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Delivers queued mail, a batch at a time. Each poll finds up to {@code batch-size} due
 * mails and claims them in one conditional update under a name of the batch's own, so
 * that workers on several instances sharing the database never send the same claim twice;
 * then it sends them over one connection and marks the sent ones in one update. A failed
 * mail is put back with an exponential backoff, alone: the rest of its batch goes on;
 * after {@code max-attempts} it is given up (DEAD) and audited. Several threads may poll
 * at once ({@link MailOutboxSenders}); each poll is its own batch.
 * <p>
 * Delivery is at least once. A worker that dies mid-batch leaves its rows SENDING with a
 * lease that runs out, and another worker takes them over, including those the server had
 * already accepted but that were not marked yet: SMTP offers no way to make a submission
 * idempotent, though the repeated Message-ID lets a client recognise the copy. A database
 * that is away when the batch is to be marked (a restart) is waited for while the claim
 * holds, so that it does not cause the same.
 * <p>
 * Text messages ({@code channel = 'SMS'}) share the table, the claim, the backoff and
 * {@code max-attempts}; the worker sends each through the {@link SmsGateway}, whose JSON
 * carries the row's id so that a gateway can recognise a repeat. A message the gateway
 * refuses for good is given up at once.
 */
class MailOutboxWorker {

	private static final Logger logger = LoggerFactory.getLogger(MailOutboxWorker.class);

	/**
	 * Finding mails another worker then claimed first: how often to look again at once.
	 */
	private static final int CLAIM_ATTEMPTS = 3;

	/**
	 * The first pause before marking sent mails again while the database is away; it
	 * doubles.
	 */
	private static final Duration MARK_RETRY_PAUSE = Duration.ofMillis(50);

	private static final Duration MARK_RETRY_MAX_PAUSE = Duration.ofSeconds(1);

	private final MailOutboxStore store;

	private final MailTransport transport;

	private final @Nullable SmsGateway smsGateway;

	private final MailOutboxProperties properties;

	private final Clock clock;

	private final AuditLog audit;

	private final MailOutboxMetrics metrics;

	private final String name;

	private final AtomicLong batches = new AtomicLong();

	private volatile boolean stopping;

	MailOutboxWorker(MailOutboxStore store, MailTransport transport, MailOutboxProperties properties, Clock clock,
			AuditLog audit, MailOutboxMetrics metrics, String name) {
		this(store, transport, null, properties, clock, audit, metrics, name);
	}

	/**
	 * With {@code smsGateway} null this instance has none, and counts each SMS it claims
	 * as a failed attempt.
	 */
	MailOutboxWorker(MailOutboxStore store, MailTransport transport, @Nullable SmsGateway smsGateway,
			MailOutboxProperties properties, Clock clock, AuditLog audit, MailOutboxMetrics metrics, String name) {
		this.store = store;
		this.smsGateway = smsGateway;
		this.transport = transport;
		this.properties = properties;
		this.clock = clock;
		this.audit = audit;
		this.metrics = metrics;
		this.name = name;
	}

	/**
	 * Claims a batch and delivers it; returns how many mails were claimed. Stops sending
	 * when the instance stops, and when half the lease has passed, so that the sent ones
	 * are marked long before another worker may take them over; either way the rest goes
	 * back at once rather than waiting for the lease.
	 */
	int poll() {
		if (this.stopping) {
			return 0;
		}
		Batch batch = claim();
		if (!batch.mails().isEmpty()) {
			deliver(batch);
		}
		return batch.mails().size();
	}

	/**
	 * Makes the polls in progress give their unsent mails back after the mail each is
	 * sending, and further polls do nothing. Called when the instance shuts down.
	 */
	void stop() {
		this.stopping = true;
	}

	/** Undoes {@link #stop()} when a stopped application context is started again. */
	void resume() {
		this.stopping = false;
	}

	/**
	 * Claims up to a batch of due mails under a new claim name, for the length of the
	 * lease.
	 */
	Batch claim() {
		Instant now = this.clock.instant();
		Instant until = now.plus(this.properties.lease());
		// Unique per batch, so that the senders of one instance never touch each other's
		// rows.
		String claim = this.name + "#" + this.batches.incrementAndGet();
		for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
			List<UUID> due = this.store.findClaimable(now, this.properties.batchSize());
			if (due.isEmpty()) {
				break;
			}
			if (this.store.claim(due, claim, now, until) > 0) {
				return new Batch(claim, now.plus(this.properties.lease().dividedBy(2)), until,
						this.store.findClaimed(claim));
			}
			// Another worker claimed all of them between the two statements: the next
			// ones may be free.
		}
		return new Batch(claim, now, now, List.of());
	}

	/**
	 * Sends a batch in its order, each message by its channel's transport: mail over one
	 * SMTP connection, opened at the batch's first mail (a batch of SMS alone needs
	 * none), and SMS one POST each to the gateway.
	 */
	private void deliver(Batch batch) {
		List<QueuedMessage> messages = batch.mails();
		MailTransport.@Nullable Connection connection = null;
		@Nullable Exception unreachable = null;
		// Marked together after the batch: one update instead of one per message.
		List<QueuedMessage> sent = new ArrayList<>(messages.size());
		int next = 0;
		try {
			for (; next < messages.size() && !this.stopping
					&& this.clock.instant().isBefore(batch.sendUntil()); next++) {
				QueuedMessage message = messages.get(next);
				if (message instanceof QueuedSms sms) {
					sendSms(batch.claim(), sms, sent);
					continue;
				}
				QueuedMail mail = (QueuedMail) message;
				if (connection == null && unreachable == null) {
					try {
						connection = this.transport.open();
					}
					catch (Exception ex) {
						// The server cannot be reached: an attempt failed for every mail
						// of the batch.
						unreachable = ex;
					}
				}
				if (connection == null) {
					failed(batch.claim(), mail, unreachable);
					continue;
				}
				try {
					connection.send(mail);
					sent.add(mail);
					this.metrics.sent(Channel.MAIL, Duration.between(mail.queuedAt(), this.clock.instant()));
				}
				catch (Exception ex) {
					failed(batch.claim(), mail, ex);
				}
			}
		}
		finally {
			if (connection != null) {
				connection.close();
			}
			markSent(batch, sent);
		}
		if (next < messages.size()) {
			int released = this.store.release(batch.claim());
			logger.info("{}: gave {} claimed messages back for another worker to send",
					this.stopping ? "Stopping" : "Half the lease has passed", released);
		}
	}

	/**
	 * One SMS, one POST: taken, retried with the outbox's backoff, or, when the gateway
	 * refuses it for good (a 4xx other than 408 and 429), given up at once, since every
	 * further attempt would get the same answer. An instance without a gateway counts a
	 * failed attempt: another instance, or this one once configured, may have one before
	 * the message runs out of attempts.
	 */
	private void sendSms(String claim, QueuedSms sms, List<QueuedMessage> sent) {
		if (this.smsGateway == null) {
			failed(claim, sms, "no SMS gateway is configured on this instance", false);
			return;
		}
		SmsOutcome outcome = this.smsGateway.send(sms.id(), sms.sms());
		switch (outcome.kind()) {
			case SENT -> {
				sent.add(sms);
				this.metrics.sent(Channel.SMS, Duration.between(sms.queuedAt(), this.clock.instant()));
			}
			case RETRY -> failed(claim, sms, outcome.description(), false);
			case REFUSED -> failed(claim, sms, outcome.description(), true);
		}
	}

	/**
	 * Marks the mails the server took. When the database is away for a moment (a restart,
	 * a failover), the mark is tried again while the claim lasts: the mails are out, and
	 * unmarked they would be sent a second time once the claim runs out.
	 */
	private void markSent(Batch batch, List<QueuedMessage> sent) {
		if (sent.isEmpty()) {
			return;
		}
		List<UUID> ids = sent.stream().map(QueuedMessage::id).toList();
		Duration pause = MARK_RETRY_PAUSE;
		while (true) {
			try {
				int marked = this.store.markSent(ids, batch.claim(), this.clock.instant());
				if (marked < sent.size()) {
					logger.warn("{} mails were sent, but their claim had been taken over; they may be sent twice",
							sent.size() - marked);
				}
				return;
			}
			catch (TransientDataAccessException | DataAccessResourceFailureException ex) {
				if (!this.clock.instant().plus(pause).isBefore(batch.claimedUntil()) || !pauseFor(pause)) {
					logger.warn("{} mails were sent, but could not be marked ({}); they will be sent again",
							sent.size(), ex.getClass().getSimpleName());
					throw ex;
				}
				pause = pause.multipliedBy(2);
				if (pause.compareTo(MARK_RETRY_MAX_PAUSE) > 0) {
					pause = MARK_RETRY_MAX_PAUSE;
				}
			}
		}
	}

	/**
	 * Whether the pause ran its course; an interrupt (the instance stopping) ends it
	 * early.
	 */
	private static boolean pauseFor(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void failed(String claim, QueuedMail mail, @Nullable Exception ex) {
		// The exception's type only: a server's reply may quote the message, reset link
		// included.
		failed(claim, mail, "delivery failed: " + ((ex != null) ? ex.getClass().getName() : "unknown"), false);
	}

	/**
	 * Counts a failed attempt: the message goes back with a backoff, or, after its last
	 * attempt or when {@code refusedForGood}, is given up (DEAD, its body forgotten) and
	 * audited. {@code error} is a text of this service's, never a server's reply.
	 */
	private void failed(String claim, QueuedMessage message, String error, boolean refusedForGood) {
		int attempts = message.attempts() + 1;
		String lastError = (error.length() > 256) ? error.substring(0, 256) : error;
		boolean sms = message instanceof QueuedSms;
		Channel channel = sms ? Channel.SMS : Channel.MAIL;
		String kind = sms ? "SMS" : "Mail";
		Instant now = this.clock.instant();
		if (!refusedForGood && attempts < this.properties.maxAttempts()) {
			Instant next = now.plus(this.properties.backoffAfter(attempts));
			this.store.markRetry(message.id(), claim, attempts, next, lastError);
			this.metrics.failed(channel);
			logger.info("{} {}: attempt {} failed ({}); next at {}", kind, message.id(), attempts, lastError, next);
		}
		else if (this.store.markDead(message.id(), claim, attempts, lastError)) {
			this.metrics.failed(channel);
			this.metrics.dead(channel);
			String reason = refusedForGood ? "gave up at once: " + lastError
					: "gave up after " + attempts + " failed delivery attempts";
			logger.warn("{} {}: {}", kind, message.id(), refusedForGood ? reason : reason + " (" + lastError + ")");
			this.audit.record(AuditActor.SYSTEM.event(AuditEventType.MAIL_DEAD, AuditOutcome.FAILURE, now,
					sms ? "sms:send" : "mail:send", (sms ? "sms/" : "mail/") + message.id(),
					(reason.length() > 256) ? reason.substring(0, 256) : reason));
		}
	}

	/**
	 * The messages one poll claimed, under the claim's name, until when it may send them,
	 * and until when the claim holds.
	 */
	record Batch(String claim, Instant sendUntil, Instant claimedUntil, List<QueuedMessage> mails) {

	}

}
