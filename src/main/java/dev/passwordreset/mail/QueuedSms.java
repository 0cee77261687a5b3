package dev.passwordreset.mail;

import java.time.Instant;
import java.util.UUID;

import dev.passwordreset.sms.OutgoingSms;

/**
 * A text message a worker has claimed: the outbox row's id, the message, how often
 * delivery failed before, and when it was queued.
 */
record QueuedSms(UUID id, OutgoingSms sms, int attempts, Instant queuedAt) implements QueuedMessage {

}
