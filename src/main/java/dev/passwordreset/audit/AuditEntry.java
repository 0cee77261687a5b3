package dev.passwordreset.audit;

/**
 * A recorded event with the id the log gave it.
 *
 * @param eventId unique in the log; opaque to readers
 * @param event what was recorded
 */
public record AuditEntry(String eventId, AuditEvent event) {
}
