package dev.passwordreset.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditEvent} as stored. Rows are only ever inserted.
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

	AuditEventRow(AuditEvent event) {
		this.eventType = event.type();
		this.outcome = event.outcome();
		// Both databases keep microseconds; truncating here makes a page marker match the
		// stored value.
		this.occurredAt = event.occurredAt().truncatedTo(ChronoUnit.MICROS);
		this.accountId = event.accountId();
		this.accessKeyId = event.accessKeyId();
		this.clientAddress = event.clientAddress();
		this.requestId = event.requestId();
		this.action = event.action();
		this.resource = event.resource();
		this.reason = event.reason();
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
