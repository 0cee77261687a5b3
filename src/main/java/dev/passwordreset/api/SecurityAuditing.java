package dev.passwordreset.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
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
import dev.passwordreset.security.CallerAuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Turns a face's security-chain refusals into audit events, and counts them as
 * {@code authentication_failures_total{method, reason}} and
 * {@code authorization_denials_total{action}}; both faces record them alike. Of the
 * request it keeps only what cannot be a secret: the access key id a caller claimed when
 * it looks like one, the client address, the request id and the path. The reason is
 * always one of our own fixed texts.
 */
@Component
public class SecurityAuditing {

	private static final Logger logger = LoggerFactory.getLogger(SecurityAuditing.class);

	private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{20}");

	private static final Pattern SDK_ACCESS = Pattern.compile("SDK-HMAC-SHA256\\s+Access=([^,\\s]{1,64})[,\\s]");

	private static final String BASIC = "Basic ";

	/** How a request tried to authenticate, as the {@code method} label names it. */
	private enum Method {

		NONE, BASIC, BEARER, SDK_HMAC_SHA256, OTHER;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final AuditLog audit;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AuthenticationThrottle throttle;

	SecurityAuditing(AuditLog audit, Clock clock, MeterRegistry meters, AuthenticationThrottle throttle) {
		this.throttle = throttle;
		this.audit = audit;
		this.clock = clock;
		this.meters = meters;
		// Every series a dashboard or an alert may name exists from the start, at zero.
		for (Method method : Method.values()) {
			for (AuthenticationFailure failure : AuthenticationFailure.values()) {
				authenticationFailures(method, failure);
			}
		}
		denials("unknown");
	}

	/**
	 * Declares the actions a face can deny, so that each has its
	 * {@code authorization_denials_total} series from the start, at zero.
	 */
	public void expectDenialsOf(Collection<String> actions) {
		actions.forEach(this::denials);
	}

	/**
	 * Records a refusal from a security chain's entry point, counts it against the client
	 * address and the claimed access key id, and says how to answer: the failure the
	 * caller filters named (else missing or bad credentials), or {@code THROTTLED} when
	 * the request was over a limit. Of the throttled refusals only the first of each
	 * window is recorded (reason {@code THROTTLED: ...}); the rest are counted in
	 * {@code authentication_failures_total} and {@code rate_limit_rejections_total} only,
	 * so a flood of bad credentials cannot grow the audit table by more than the limit's
	 * failures and one row per window.
	 */
	public AuthenticationRefusal authenticationFailed(HttpServletRequest request, AuthenticationException ex) {
		AuthenticationFailure failure = (ex instanceof CallerAuthenticationException refused) ? refused.failure()
				: (request.getHeader("Authorization") == null) ? AuthenticationFailure.MISSING_CREDENTIALS
						: AuthenticationFailure.BAD_CREDENTIALS;
		Optional<AuthenticationThrottle.Throttling> over = countFailure(request);
		if (over.isPresent()) {
			return throttled(request, over.get());
		}
		authenticationFailed(request, failure);
		return new AuthenticationRefusal(failure, Duration.ZERO);
	}

	public void authenticationFailed(HttpServletRequest request, AuthenticationFailure failure) {
		meterFailure(request, failure);
		record(request, () -> authenticationFailedEvent(request, failure, failure.description()));
	}

	/**
	 * A throttled request: counted always, recorded once per window of its limit and
	 * subject.
	 */
	private AuthenticationRefusal throttled(HttpServletRequest request, AuthenticationThrottle.Throttling throttling) {
		meterFailure(request, AuthenticationFailure.THROTTLED);
		if (firstRefusalOfWindow(throttling)) {
			record(request,
					() -> authenticationFailedEvent(request, AuthenticationFailure.THROTTLED,
							"over " + throttling.limit().name() + " (" + throttling.limit().maxEvents() + " per "
									+ throttling.limit().window()
									+ "); the rest of the window is counted, not recorded"));
		}
		return new AuthenticationRefusal(AuthenticationFailure.THROTTLED, throttling.retryAfter());
	}

	/**
	 * Counts the failure against the throttle; a database that cannot count leaves the
	 * request to be answered as the failure it is.
	 */
	private boolean firstRefusalOfWindow(AuthenticationThrottle.Throttling throttling) {
		try {
			return this.throttle.firstRefusalOfWindow(throttling);
		}
		catch (RuntimeException ex) {
			// Better one row too many than none.
			return true;
		}
	}

	private Optional<AuthenticationThrottle.Throttling> countFailure(HttpServletRequest request) {
		try {
			return this.throttle.failed(request.getRemoteAddr(),
					claimedAccessKeyId(request.getHeader("Authorization")));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not count the failed authentication of request {}: {}", requestId(request),
					ex.getClass().getName());
			return Optional.empty();
		}
	}

	private void meterFailure(HttpServletRequest request, AuthenticationFailure failure) {
		authenticationFailures(method(request), failure).increment();
	}

	private Counter authenticationFailures(Method method, AuthenticationFailure failure) {
		return Counter.builder("authentication.failures")
			.description("Requests refused for their credentials, by method and reason")
			.tag("method", method.label())
			.tag("reason", failure.name().toLowerCase(Locale.ROOT))
			.register(this.meters);
	}

	/**
	 * The audit record of a failed authentication; the detail is one of our own fixed
	 * texts.
	 */
	private AuditEvent authenticationFailedEvent(HttpServletRequest request, AuthenticationFailure failure,
			String detail) {
		return new AuditEvent(AuditEventType.AUTHENTICATION_FAILED, AuditOutcome.FAILURE, this.clock.instant(), null,
				claimedAccessKeyId(request.getHeader("Authorization")), request.getRemoteAddr(), requestId(request),
				null, resource(request.getRequestURI()), failure.name() + ": " + detail);
	}

	public void accessDenied(HttpServletRequest request, AuthorizationDenial denial) {
		countDenial((denial.action() != null) ? denial.action() : "unknown");
		record(request,
				() -> new AuditEvent(AuditEventType.ACCESS_DENIED, AuditOutcome.DENIED, denial.deniedAt(),
						denial.accountId(), accessKeyId(denial.accessKeyId()), request.getRemoteAddr(),
						requestId(request), denial.action(), resource(denial.resource()), denial.reason()));
	}

	/** A denial that no action of the table explains. */
	public void accessDenied(HttpServletRequest request, @Nullable Authentication authentication) {
		countDenial("unknown");
		Caller caller = (authentication != null && authentication.getPrincipal() instanceof Caller known) ? known
				: null;
		String accountId = (caller != null) ? caller.accountId() : null;
		String accessKeyId = (caller != null) ? accessKeyId(caller.accessKeyId()) : null;
		record(request,
				() -> new AuditEvent(AuditEventType.ACCESS_DENIED, AuditOutcome.DENIED, this.clock.instant(), accountId,
						accessKeyId, request.getRemoteAddr(), requestId(request), null,
						resource(request.getRequestURI()), "ACCESS_DENIED: the caller may not perform this request"));
	}

	private void countDenial(String action) {
		denials(action).increment();
	}

	private Counter denials(String action) {
		return Counter.builder("authorization.denials")
			.description("Authenticated requests refused, by the action they asked for")
			.tag("action", action)
			.register(this.meters);
	}

	/** How the request tried to authenticate; a fixed word, whatever the header holds. */
	private static Method method(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization == null) {
			return (request.getHeader("X-Auth-Token") != null) ? Method.BEARER : Method.NONE;
		}
		String scheme = authorization.strip().split("\\s", 2)[0].toLowerCase(Locale.ROOT);
		return switch (scheme) {
			case "basic" -> Method.BASIC;
			case "bearer" -> Method.BEARER;
			case "sdk-hmac-sha256" -> Method.SDK_HMAC_SHA256;
			default -> Method.OTHER;
		};
	}

	/**
	 * The access key id in a Basic or {@code SDK-HMAC-SHA256} Authorization header, when
	 * it has the shape of one; otherwise null, so that a secret sent in its place is
	 * never recorded.
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
		return (uri.length() > AuditEvent.MAX_RESOURCE_LENGTH) ? uri.substring(0, AuditEvent.MAX_RESOURCE_LENGTH) : uri;
	}

	/**
	 * Auditing never breaks the answer to the request; the log records its request id
	 * only.
	 */
	private void record(HttpServletRequest request, Supplier<AuditEvent> event) {
		try {
			this.audit.record(event.get());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not audit the refusal of request {}: {}", requestId(request), ex.getClass().getName());
		}
	}

	/**
	 * Records a request that its face's route table refuses: no route has its path (404),
	 * or none takes its method (405). The method is named only when it is one HTTP
	 * defines, so that nothing a client made up reaches the record.
	 */
	public void routeRefused(HttpServletRequest request, @Nullable Authentication authentication, int status) {
		boolean noRoute = status == 404;
		countDenial(noRoute ? "route:not_found" : "route:method_not_allowed");
		Caller caller = (authentication != null && authentication.getPrincipal() instanceof Caller known) ? known
				: null;
		String accountId = (caller != null) ? caller.accountId() : null;
		String accessKeyId = (caller != null) ? accessKeyId(caller.accessKeyId()) : null;
		String reason = noRoute ? "NO_SUCH_ROUTE: no route has this path"
				: "METHOD_NOT_ALLOWED: the route does not take " + knownMethod(request.getMethod());
		if (caller == null) {
			// Anybody can send these to the open routes: they count against the address
			// like a failed authentication, and past its limit only the first of each
			// window is recorded, so an anonymous client cannot grow the audit table this
			// way either.
			Optional<AuthenticationThrottle.Throttling> over = countFailure(request);
			if (over.isPresent()) {
				if (!firstRefusalOfWindow(over.get())) {
					return;
				}
				reason = reason + "; the rest of this window is counted, not recorded";
			}
		}
		String recorded = reason;
		record(request,
				() -> new AuditEvent(AuditEventType.ACCESS_DENIED, AuditOutcome.DENIED, this.clock.instant(), accountId,
						accessKeyId, request.getRemoteAddr(), requestId(request), null,
						resource(request.getRequestURI()), recorded));
	}

	private static String knownMethod(String method) {
		return switch (method) {
			case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" -> method;
			default -> "a method HTTP does not define";
		};
	}

}
