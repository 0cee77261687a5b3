package dev.passwordreset.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: an instance whose mail has waited longer than
 * {@code reset.mail.readiness-max-age} cannot keep the promise of a reset link, so an
 * orchestrator should stop sending it users (and someone should look at the mail server).
 * Details show only to a management caller.
 * <p>
 * Queued SMS count alike, with the same age: a code that does not reach the phone breaks
 * the same promise, and a gateway outage takes readiness down no sooner than an SMTP
 * outage of the same length.
 */
@Component
class MailOutboxHealthIndicator implements HealthIndicator {

	private final MailOutboxStore store;

	private final MailOutboxProperties properties;

	private final Clock clock;

	MailOutboxHealthIndicator(MailOutboxStore store, MailOutboxProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Optional<Instant> oldest = this.store.oldestUnsentSince();
		long waiting = this.store.countAllUnsent();
		if (oldest.isEmpty()) {
			return Health.up().withDetail("waiting", 0).build();
		}
		Duration age = Duration.between(oldest.get(), this.clock.instant());
		Health.Builder health = age.compareTo(this.properties.readinessMaxAge()) > 0 ? Health.down() : Health.up();
		return health.withDetail("waiting", waiting)
			.withDetail("oldestAgeSeconds", Math.max(0, age.toSeconds()))
			.withDetail("maxAgeSeconds", this.properties.readinessMaxAge().toSeconds())
			.build();
	}

}
