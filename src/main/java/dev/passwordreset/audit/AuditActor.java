package dev.passwordreset.audit;

import org.jspecify.annotations.Nullable;

/**
 * Who asked for an audited step, as far as the API face knows: the caller's account and
 * key, and where the request came from. Features below the faces take it as it is, so
 * that they can audit without knowing HTTP.
 */
public record AuditActor(@Nullable String accountId, @Nullable String accessKeyId, @Nullable String clientAddress,
		@Nullable String requestId) {

	/** The service itself, for steps no request asked for. */
	public static final AuditActor SYSTEM = new AuditActor(null, null, null, null);

	public AuditEvent event(AuditEventType type, AuditOutcome outcome, java.time.Instant occurredAt,
			@Nullable String action, @Nullable String resource, String reason) {
		return new AuditEvent(type, outcome, occurredAt, this.accountId, this.accessKeyId, this.clientAddress,
				this.requestId, action, resource, reason);
	}

}
