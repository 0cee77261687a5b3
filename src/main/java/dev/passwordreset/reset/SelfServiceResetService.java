package dev.passwordreset.reset;

import java.time.Clock;

import dev.passwordreset.TimeOrderedIds;
import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;

import org.springframework.stereotype.Service;

/**
 * "Forgot password": anyone may ask for a reset link for a user, so the answer must not
 * tell whether the user exists, neither by its content nor by its timing. The request
 * thread therefore does the same work for every request: in one short transaction it
 * counts the request against the client address's limit and stores it. Everything that
 * depends on the user happens later, in {@link SelfServiceWorker} on whichever instance
 * claims the request: finding the user, the per-user limit, and queuing the same link
 * mail an administrator's EMAIL-mode reset sends.
 * <p>
 * The hand-over is durable: a request answered 202 has committed, so it survives a crash
 * of this process and is processed, exactly once, by this instance after a restart or by
 * another one. What the user typed is stored only until then.
 */
@Service
public class SelfServiceResetService {

	static final String REQUEST_ACTION = "identitystore:user:requestPasswordReset";

	private final SelfServiceRequestStore requests;

	private final SelfServiceWorker worker;

	private final RateLimiter limiter;

	private final AuditLog audit;

	private final ResetMetrics metrics;

	private final Clock clock;

	private final ResetProperties.SelfService properties;

	private final RateLimit perAddress;

	SelfServiceResetService(SelfServiceRequestStore requests, SelfServiceWorker worker, RateLimiter limiter,
			AuditLog audit, ResetMetrics metrics, Clock clock, ResetProperties properties) {
		this.requests = requests;
		this.worker = worker;
		this.limiter = limiter;
		this.audit = audit;
		this.metrics = metrics;
		this.clock = clock;
		this.properties = properties.selfService();
		this.perAddress = limiter.declare(new RateLimit("self_service_address",
				this.properties.perAddress().maxRequests(), this.properties.perAddress().window()));
	}

	/**
	 * Whether self-service requests are taken at all
	 * ({@code reset.self-service.enabled}).
	 */
	public boolean isEnabled() {
		return this.properties.enabled();
	}

	/**
	 * Takes a request: checks the client's limit and stores the request, in one
	 * transaction, for a worker to process. Once this returns, the request is committed.
	 * @param request what the user typed
	 * @param actor where the request came from; its client address is what the
	 * per-address limit counts, and the whole of it is stored to audit the request's
	 * outcome
	 * @throws RateLimitExceededException if the client address has used up its limit;
	 * nothing is stored
	 */
	public void request(ForgottenPassword request, AuditActor actor) {
		if (!isEnabled()) {
			throw new IllegalStateException("Self-service password resets are disabled");
		}
		String address = (actor.clientAddress() != null) ? actor.clientAddress() : "unknown";
		RateLimiter.Decision decision = this.limiter.tryAcquire(this.perAddress, address,
				() -> this.requests.insert(TimeOrderedIds.next(), request, actor, this.clock.instant()));
		if (!decision.allowed()) {
			this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_REQUESTED, AuditOutcome.FAILURE,
					this.clock.instant(), REQUEST_ACTION, null, "refused: the client address exceeded its limit"));
			this.metrics.resetRequested(ResetMetrics.SELF_SERVICE, ResetMetrics.EMAIL, ResetMetrics.RATE_LIMITED);
			throw new RateLimitExceededException(decision.retryAfter());
		}
		this.metrics.resetRequested(ResetMetrics.SELF_SERVICE, ResetMetrics.EMAIL, ResetMetrics.ACCEPTED);
		this.worker.wakeUp();
	}

}
