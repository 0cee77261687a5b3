package dev.passwordreset.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * A mail a worker has claimed: the outbox row's id, the mail, how often delivery failed
 * before, and when it was queued.
 */
record QueuedMail(UUID id, OutgoingMail mail, int attempts, Instant queuedAt) implements QueuedMessage {

}
