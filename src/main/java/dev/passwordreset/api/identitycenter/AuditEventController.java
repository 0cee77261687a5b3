package dev.passwordreset.api.identitycenter;

import java.time.Instant;
import java.util.List;

import dev.passwordreset.audit.AuditEntry;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditPage;
import dev.passwordreset.audit.AuditQuery;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log, for the management account only (see {@link IdentityCenterAction}):
 * newest first, filtered by type, account and time, paged with Huawei's markers. Ours;
 * Huawei keeps its audit trail in Cloud Trace Service.
 */
@RestController
class AuditEventController {

	private final AuditLog audit;

	AuditEventController(AuditLog audit) {
		this.audit = audit;
	}

	@Operation(summary = "List audit events (management account only; ours)")
	@GetMapping("/v1/audit-events")
	ListAuditEventsResponse list(@RequestParam(required = false) @Nullable AuditEventType type,
			@RequestParam(name = "account_id", required = false) @Nullable @Size(max = 64) String accountId,
			@RequestParam(required = false) @Nullable Instant from,
			@RequestParam(required = false) @Nullable Instant to,
			@RequestParam(defaultValue = "100") @Min(1) @Max(AuditQuery.MAX_LIMIT) int limit,
			@RequestParam(required = false) @Nullable @Size(max = 512) String marker) {
		AuditPage page = this.audit.find(new AuditQuery(type, accountId, from, to, limit, marker));
		List<AuditEventDto> events = page.entries().stream().map(AuditEventDto::of).toList();
		return new ListAuditEventsResponse(events, new PageInfo(page.nextMarker(), events.size()));
	}

	record ListAuditEventsResponse(List<AuditEventDto> auditEvents, PageInfo pageInfo) {
	}

	/**
	 * Fields that do not apply to an event, such as the account of a failed
	 * authentication, are left out.
	 */
	record AuditEventDto(String eventId, String type, String outcome, String occurredAt, @Nullable String accountId,
			@Nullable String accessKeyId, @Nullable String clientAddress, @Nullable String requestId,
			@Nullable String action, @Nullable String resource, String reason) {

		static AuditEventDto of(AuditEntry entry) {
			AuditEvent event = entry.event();
			return new AuditEventDto(entry.eventId(), event.type().name(), event.outcome().name(),
					event.occurredAt().toString(), event.accountId(), event.accessKeyId(), event.clientAddress(),
					event.requestId(), event.action(), event.resource(), event.reason());
		}

	}

}
