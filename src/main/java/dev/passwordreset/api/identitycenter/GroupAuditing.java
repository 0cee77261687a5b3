package dev.passwordreset.api.identitycenter;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.security.Caller;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Audits a group or membership write: a success once the write has committed, a failure
 * when the core refused it (a duplicate, a member of another store, a quota) or it
 * failed. Recorded here, because the identity core does not know the audit, in a
 * transaction of its own after the write's has ended, so the request never holds two
 * connections; and before the answer is written, so a caller that reads the audit next
 * finds the record. Reasons are fixed texts of ours: the core's error name, never a
 * message, which can quote input.
 */
@Component
class GroupAuditing {

	private final AuditLog audit;

	private final Clock clock;

	GroupAuditing(AuditLog audit, Clock clock) {
		this.audit = audit;
		this.clock = clock;
	}

	<T> T audited(IdentityCenterAction action, AuditEventType type, Caller caller, HttpServletRequest request,
			Supplier<T> write) {
		T result;
		try {
			result = write.get();
		}
		catch (IdentityException ex) {
			record(action, type, AuditOutcome.FAILURE, caller, request,
					"refused: " + ex.error().name().toLowerCase(Locale.ROOT).replace('_', ' '));
			throw ex;
		}
		catch (RuntimeException ex) {
			record(action, type, AuditOutcome.FAILURE, caller, request, "failed");
			throw ex;
		}
		record(action, type, AuditOutcome.SUCCESS, caller, request, "done");
		return result;
	}

	void audited(IdentityCenterAction action, AuditEventType type, Caller caller, HttpServletRequest request,
			Runnable write) {
		audited(action, type, caller, request, () -> {
			write.run();
			return null;
		});
	}

	private void record(IdentityCenterAction action, AuditEventType type, AuditOutcome outcome, Caller caller,
			HttpServletRequest request, String reason) {
		String uri = request.getRequestURI();
		String resource = (uri.length() > AuditEvent.MAX_RESOURCE_LENGTH)
				? uri.substring(0, AuditEvent.MAX_RESOURCE_LENGTH) : uri;
		this.audit.record(AuditActors.of(caller, request)
			.event(type, outcome, this.clock.instant(), action.actionName(), resource, reason));
	}

}
