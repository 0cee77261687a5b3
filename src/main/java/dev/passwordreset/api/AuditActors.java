package dev.passwordreset.api;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.security.Caller;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller of a request as the audit records it.
 */
public final class AuditActors {

	private AuditActors() {
	}

	public static AuditActor of(Caller caller, HttpServletRequest request) {
		String requestId = RequestIds.of(request);
		// A temporary key or a token's issuer is recorded only when it has a key id's shape.
		String accessKeyId = SecurityAuditing.accessKeyId(caller.accessKeyId());
		return new AuditActor(caller.accountId(), accessKeyId, request.getRemoteAddr(),
				requestId.isEmpty() ? null : requestId);
	}

}
