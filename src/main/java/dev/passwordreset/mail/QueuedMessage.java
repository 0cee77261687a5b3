package dev.passwordreset.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a worker has claimed, whichever its channel: the outbox row's id, how often
 * delivery failed before, and when it was queued. The worker picks the transport by its
 * type.
 */
sealed interface QueuedMessage permits QueuedMail, QueuedSms {

	UUID id();

	int attempts();

	Instant queuedAt();

}
