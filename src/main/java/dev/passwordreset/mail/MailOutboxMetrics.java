package dev.passwordreset.mail;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The outbox's series: {@code mail_outbox_pending}, {@code mail_outbox_sent_total},
 * {@code mail_outbox_failed_total} (every failed attempt), {@code mail_outbox_dead_total} and
 * {@code mail_outbox_delivery_seconds}, from queuing to delivery, retries included: what a user
 * waits for a reset link.
 */
class MailOutboxMetrics {

	private final Counter sent;

	private final Counter failed;

	private final Counter dead;

	private final Timer delivery;

	MailOutboxMetrics(MeterRegistry meters, MailOutboxStore store) {
		// Read at each scrape: every instance reports the whole outbox, which all of them share.
		Gauge.builder("mail.outbox.pending", store, MailOutboxStore::countUnsent)
			.description("Mails queued and not yet delivered or given up")
			.register(meters);
		this.sent = Counter.builder("mail.outbox.sent").description("Mails delivered").register(meters);
		this.failed = Counter.builder("mail.outbox.failed").description("Failed delivery attempts").register(meters);
		this.dead = Counter.builder("mail.outbox.dead").description("Mails given up after the last attempt")
			.register(meters);
		this.delivery = Timer.builder("mail.outbox.delivery")
			.description("Time from queuing a mail to its delivery")
			.register(meters);
	}

	void sent(Duration sinceQueued) {
		this.sent.increment();
		this.delivery.record(sinceQueued.isNegative() ? Duration.ZERO : sinceQueued);
	}

	void failed() {
		this.failed.increment();
	}

	void dead() {
		this.dead.increment();
	}

}
