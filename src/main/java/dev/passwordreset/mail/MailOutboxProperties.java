package dev.passwordreset.mail;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The mail outbox's settings ({@code reset.mail.*}). Where mail goes is Spring's
 * {@code spring.mail.*}: with a host, SMTP; without, {@code .eml} files under the data
 * directory.
 *
 * @param from the sender address; the default is no-reply@localhost
 * @param workerEnabled whether this instance delivers queued mail; the default is true.
 * Queuing works either way, so instances may share the work or leave it to some
 * @param senders how many batches this instance sends at once, each over its own
 * connection; the default is 4. A connection carries one mail per few round trips to the
 * server, so a distant or slow server wants more; mostly they wait, so they cost little
 * CPU
 * @param pollInterval how long an idle sender waits before it looks for due mail by
 * itself; the default is 2 seconds. A mail committed on this instance wakes a sender at
 * once, so this is for mail queued by instances that do not deliver, and for retries that
 * came due
 * @param batchSize how many due mails one sender claims and sends over one connection at
 * most; the default is 50
 * @param lease how long a claim lasts: after it, another worker may take the mail over;
 * the default is 2 minutes. A batch stops sending once half of it has passed and gives
 * the rest back, so half of it must exceed the SMTP timeouts of one mail, or a slow send
 * is duplicated
 * @param initialBackoff the wait after the first failed attempt, doubled after each
 * further one; the default is 10 seconds
 * @param maxBackoff the longest wait between attempts; the default is 15 minutes
 * @param maxAttempts the attempts after which a mail is given up (DEAD) and audited; the
 * default is 8
 * @param readinessMaxAge how long the oldest undelivered mail may wait before the
 * instance reports itself not ready; the default is 15 minutes
 */
@Validated
@ConfigurationProperties("reset.mail")
record MailOutboxProperties(@NotBlank @DefaultValue("no-reply@localhost") String from,
		@DefaultValue("true") boolean workerEnabled, @Min(1) @Max(32) @DefaultValue("4") int senders,
		@NotNull @DurationMin(millis = 10) @DefaultValue("2s") Duration pollInterval,
		@Min(1) @Max(1000) @DefaultValue("50") int batchSize, @NotNull @DefaultValue("2m") Duration lease,
		@NotNull @DefaultValue("10s") Duration initialBackoff, @NotNull @DefaultValue("15m") Duration maxBackoff,
		@Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("15m") Duration readinessMaxAge) {

	/** The wait after the given number of failed attempts (1 or more). */
	Duration backoffAfter(int failedAttempts) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < failedAttempts && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
