package dev.passwordreset.mail;

import java.util.UUID;

/**
 * A mail a worker has claimed: the outbox row's id, the mail, and how often delivery failed before.
 */
record QueuedMail(UUID id, OutgoingMail mail, int attempts) {

}
