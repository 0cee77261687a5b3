package dev.passwordreset.api;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The caller of a request as the audit records it.
 */
public final class AuditActors {

	private AuditActors() {
	}

	public static AuditActor of(Caller caller, HttpServletRequest request) {
		// A temporary key or a token's issuer is recorded only when it has a key id's
		// shape.
		String accessKeyId = SecurityAuditing.accessKeyId(caller.accessKeyId());
		return new AuditActor(caller.accountId(), accessKeyId, request.getRemoteAddr(), requestId(request));
	}

	/**
	 * A request without a caller: a reset page, a confirmation by token, "forgot
	 * password". Only where it came from is known.
	 */
	public static AuditActor anonymous(HttpServletRequest request) {
		return new AuditActor(null, null, request.getRemoteAddr(), requestId(request));
	}

	private static @Nullable String requestId(HttpServletRequest request) {
		String requestId = RequestIds.of(request);
		return requestId.isEmpty() ? null : requestId;
	}

}
