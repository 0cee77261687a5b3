package dev.passwordreset.audit;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditEvent} as stored, for reading: {@link AuditLog} inserts rows with plain
 * JDBC, and they are never changed.
 */
@Entity
@Table(name = "audit_event")
class AuditEventRow {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Enumerated(EnumType.STRING)
	private AuditEventType eventType;

	@Enumerated(EnumType.STRING)
	private AuditOutcome outcome;

	private Instant occurredAt;

	private @Nullable String accountId;

	private @Nullable String accessKeyId;

	private @Nullable String clientAddress;

	private @Nullable String requestId;

	private @Nullable String action;

	private @Nullable String resource;

	private String reason;

	protected AuditEventRow() {
	}

	AuditEntry toEntry() {
		return new AuditEntry(this.id.toString(),
				new AuditEvent(this.eventType, this.outcome, this.occurredAt, this.accountId, this.accessKeyId,
						this.clientAddress, this.requestId, this.action, this.resource, this.reason));
	}

	AuditMarker marker() {
		return new AuditMarker(this.occurredAt, this.id);
	}

}
