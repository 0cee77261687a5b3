package dev.passwordreset.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.security.AuthenticationFailure;
import dev.passwordreset.security.AuthorizationDenial;
import dev.passwordreset.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Turns a face's security-chain refusals into audit events; both faces record them alike. Of the request it keeps only what cannot be a
 * secret: the access key id a caller claimed when it looks like one, the client address, the
 * request id and the path. The reason is always one of our own fixed texts.
 */
@Component
public class SecurityAuditing {

	private static final Logger logger = LoggerFactory.getLogger(SecurityAuditing.class);

	private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{20}");

	private static final Pattern SDK_ACCESS = Pattern.compile("SDK-HMAC-SHA256\\s+Access=([^,\\s]{1,64})[,\\s]");

	private static final String BASIC = "Basic ";

	private final AuditLog audit;

	private final Clock clock;

	SecurityAuditing(AuditLog audit, Clock clock) {
		this.audit = audit;
		this.clock = clock;
	}

	public void authenticationFailed(HttpServletRequest request, AuthenticationFailure failure) {
		record(request, () -> new AuditEvent(AuditEventType.AUTHENTICATION_FAILED, AuditOutcome.FAILURE,
				this.clock.instant(), null, claimedAccessKeyId(request.getHeader("Authorization")),
				request.getRemoteAddr(), requestId(request), null, resource(request.getRequestURI()),
				failure.name() + ": " + failure.description()));
	}

	public void accessDenied(HttpServletRequest request, AuthorizationDenial denial) {
		record(request, () -> new AuditEvent(AuditEventType.ACCESS_DENIED, AuditOutcome.DENIED, denial.deniedAt(),
				denial.accountId(), accessKeyId(denial.accessKeyId()), request.getRemoteAddr(),
				requestId(request), denial.action(), resource(denial.resource()), denial.reason()));
	}

	/** A denial that no action of the table explains. */
	public void accessDenied(HttpServletRequest request, @Nullable Authentication authentication) {
		Caller caller = (authentication != null && authentication.getPrincipal() instanceof Caller known) ? known
				: null;
		String accountId = (caller != null) ? caller.accountId() : null;
		String accessKeyId = (caller != null) ? accessKeyId(caller.accessKeyId()) : null;
		record(request, () -> new AuditEvent(AuditEventType.ACCESS_DENIED, AuditOutcome.DENIED, this.clock.instant(),
				accountId, accessKeyId, request.getRemoteAddr(), requestId(request), null,
				resource(request.getRequestURI()), "ACCESS_DENIED: the caller may not perform this request"));
	}

	/**
	 * The access key id in a Basic or {@code SDK-HMAC-SHA256} Authorization header, when it has the
	 * shape of one; otherwise null, so that a secret sent in its place is never recorded.
	 */
	static @Nullable String claimedAccessKeyId(@Nullable String authorization) {
		if (authorization == null) {
			return null;
		}
		if (authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			try {
				byte[] decoded = Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip());
				String credentials = new String(decoded, StandardCharsets.UTF_8);
				int colon = credentials.indexOf(':');
				return (colon >= 0) ? accessKeyId(credentials.substring(0, colon)) : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		Matcher sdk = SDK_ACCESS.matcher(authorization);
		return sdk.lookingAt() ? accessKeyId(sdk.group(1)) : null;
	}

	public static @Nullable String accessKeyId(@Nullable String candidate) {
		return (candidate != null && ACCESS_KEY_ID.matcher(candidate).matches()) ? candidate : null;
	}

	private static @Nullable String requestId(HttpServletRequest request) {
		String id = RequestIds.of(request);
		return id.isEmpty() ? null : id;
	}

	private static String resource(String uri) {
		return (uri.length() > AuditEvent.MAX_RESOURCE_LENGTH) ? uri.substring(0, AuditEvent.MAX_RESOURCE_LENGTH)
				: uri;
	}

	/** Auditing never breaks the answer to the request; the log records its request id only. */
	private void record(HttpServletRequest request, Supplier<AuditEvent> event) {
		try {
			this.audit.record(event.get());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not audit the refusal of request {}: {}", requestId(request), ex.getClass().getName());
		}
	}

}
