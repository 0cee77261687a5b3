package dev.passwordreset.mail;

import java.time.Duration;

import dev.passwordreset.mail.MailOutboxStore.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The outbox's series: {@code mail_outbox_pending}, {@code mail_outbox_sent_total},
 * {@code mail_outbox_failed_total} (every failed attempt), {@code mail_outbox_dead_total}
 * and {@code mail_outbox_delivery_seconds}, from queuing to delivery, retries included:
 * what a user waits for a reset link. Text messages have the same series as
 * {@code sms_outbox_*}, of their own rather than a tag on the mail ones, so that
 * dashboards and alerts written for the mail series keep meaning mail. All are registered
 * at zero from the start.
 */
class MailOutboxMetrics {

	private final Series mail;

	private final Series sms;

	MailOutboxMetrics(MeterRegistry meters, MailOutboxStore store) {
		this.mail = new Series(meters, store, Channel.MAIL, "mail", "Mails", "mail");
		this.sms = new Series(meters, store, Channel.SMS, "sms", "Text messages", "text message");
	}

	void sent(Duration sinceQueued) {
		sent(Channel.MAIL, sinceQueued);
	}

	void sent(Channel channel, Duration sinceQueued) {
		Series series = of(channel);
		series.sent.increment();
		series.delivery.record(sinceQueued.isNegative() ? Duration.ZERO : sinceQueued);
	}

	void failed(Channel channel) {
		of(channel).failed.increment();
	}

	void dead(Channel channel) {
		of(channel).dead.increment();
	}

	private Series of(Channel channel) {
		return (channel == Channel.SMS) ? this.sms : this.mail;
	}

	private static final class Series {

		private final Counter sent;

		private final Counter failed;

		private final Counter dead;

		private final Timer delivery;

		Series(MeterRegistry meters, MailOutboxStore store, Channel channel, String prefix, String plural,
				String singular) {
			// Read at each scrape: every instance reports the whole outbox, which all of
			// them share.
			Gauge.builder(prefix + ".outbox.pending", store, (rows) -> rows.countUnsent(channel))
				.description(plural + " queued and not yet delivered or given up")
				.register(meters);
			this.sent = Counter.builder(prefix + ".outbox.sent").description(plural + " delivered").register(meters);
			this.failed = Counter.builder(prefix + ".outbox.failed")
				.description("Failed " + singular + " delivery attempts")
				.register(meters);
			this.dead = Counter.builder(prefix + ".outbox.dead")
				.description(plural + " given up after the last attempt, or refused for good")
				.register(meters);
			this.delivery = Timer.builder(prefix + ".outbox.delivery")
				.description("Time from queuing a " + singular + " to its delivery")
				.register(meters);
		}

	}

}
