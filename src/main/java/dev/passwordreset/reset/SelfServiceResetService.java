package dev.passwordreset.reset;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * "Forgot password": anyone may ask for a reset link for a user, so the answer must not tell
 * whether the user exists, neither by its content nor by its timing. The request thread therefore
 * only applies the per-address limit, which is the same work for every request, and hands the
 * rest to a background thread: finding the user, the per-user limit, and queuing the same link
 * mail an administrator's EMAIL-mode reset sends.
 * <p>
 * The hand-over is in memory: a request taken in the instant before the process dies is lost,
 * and the user asks again. Shutdown finishes the queued requests first.
 */
@Service
public class SelfServiceResetService implements DisposableBean {

	static final String REQUEST_ACTION = "identitystore:user:requestPasswordReset";

	/** Users sharing one email address who all get a link; more suggests a shared mailbox. */
	static final int MAX_USERS_PER_EMAIL = 5;

	private static final Logger logger = LoggerFactory.getLogger(SelfServiceResetService.class);

	private final UserCredentialService credentials;

	private final PasswordResetService resets;

	private final RateLimiter limiter;

	private final AuditLog audit;

	private final ResetMetrics metrics;

	private final Clock clock;

	private final ResetProperties.SelfService properties;

	private final RateLimit perUser;

	private final RateLimit perAddress;

	private final ThreadPoolExecutor executor;

	SelfServiceResetService(UserCredentialService credentials, PasswordResetService resets, RateLimiter limiter,
			AuditLog audit, ResetMetrics metrics, Clock clock, ResetProperties properties) {
		this.credentials = credentials;
		this.resets = resets;
		this.limiter = limiter;
		this.audit = audit;
		this.metrics = metrics;
		this.clock = clock;
		this.properties = properties.selfService();
		this.perUser = new RateLimit("self_service_user", this.properties.perUser().maxRequests(),
				this.properties.perUser().window());
		this.perAddress = new RateLimit("self_service_address", this.properties.perAddress().maxRequests(),
				this.properties.perAddress().window());
		AtomicInteger threads = new AtomicInteger();
		// Two threads and a bounded queue: the per-address limit keeps one client from filling it,
		// and a flood from many addresses is dropped rather than exhausting memory.
		this.executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), (task) -> {
			Thread thread = new Thread(task, "self-service-reset-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Whether self-service requests are taken at all ({@code reset.self-service.enabled}). */
	public boolean isEnabled() {
		return this.properties.enabled();
	}

	/**
	 * Takes a request: checks the client's limit now, and the rest later on another thread.
	 * @param request what the user typed
	 * @param actor where the request came from; its client address is what the per-address limit
	 * counts
	 * @throws RateLimitExceededException if the client address has used up its limit
	 */
	public void request(ForgottenPassword request, AuditActor actor) {
		if (!isEnabled()) {
			throw new IllegalStateException("Self-service password resets are disabled");
		}
		String address = (actor.clientAddress() != null) ? actor.clientAddress() : "unknown";
		RateLimiter.Decision decision = this.limiter.tryAcquire(this.perAddress, address);
		if (!decision.allowed()) {
			record(actor, AuditOutcome.FAILURE, null, "refused: the client address exceeded its limit");
			this.metrics.resetRequested(ResetMetrics.SELF_SERVICE, "email", "rate_limited");
			throw new RateLimitExceededException(decision.retryAfter());
		}
		this.metrics.resetRequested(ResetMetrics.SELF_SERVICE, "email", "accepted");
		try {
			this.executor.execute(() -> process(request, actor));
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Dropped a self-service reset request: {} requests are already waiting",
					this.executor.getQueue().size());
		}
	}

	private void process(ForgottenPassword request, AuditActor actor) {
		try {
			List<UserCredentials> users = find(request);
			if (users.isEmpty()) {
				record(actor, AuditOutcome.FAILURE, null, "no link: no user matches");
				return;
			}
			for (UserCredentials user : users) {
				sendLink(user, actor);
			}
		}
		catch (IdentityException ex) {
			if (ex.error() != IdentityError.STORE_NOT_FOUND) {
				throw ex;
			}
			record(actor, AuditOutcome.FAILURE, null, "no link: no such identity store");
		}
		catch (RuntimeException ex) {
			// Nobody waits for this answer; the log is the only place the failure shows.
			logger.error("A self-service reset request failed: {}", ex.getClass().getName());
		}
	}

	private List<UserCredentials> find(ForgottenPassword request) {
		if (request.userName() != null) {
			List<UserCredentials> byName = this.credentials
				.findByUserName(request.identityStoreId(), request.userName())
				.stream()
				.toList();
			if (!byName.isEmpty() || request.email() == null) {
				return byName;
			}
		}
		return this.credentials.findByEmail(request.identityStoreId(), request.email(), MAX_USERS_PER_EMAIL);
	}

	private void sendLink(UserCredentials user, AuditActor actor) {
		String resource = PasswordResetService.resource(user.identityStoreId(), user.userId());
		if (!this.limiter.tryAcquire(this.perUser, user.userId().toString()).allowed()) {
			record(actor, AuditOutcome.FAILURE, resource, "no link: the user exceeded its limit");
			return;
		}
		try {
			this.resets.sendResetLinkRequestedByUser(user, actor);
		}
		catch (ResetNotPossibleException ex) {
			record(actor, AuditOutcome.FAILURE, resource, "no link: " + ex.getMessage());
		}
	}

	private void record(AuditActor actor, AuditOutcome outcome, @Nullable String resource, String reason) {
		this.audit.record(actor.event(AuditEventType.PASSWORD_RESET_REQUESTED, outcome, this.clock.instant(),
				REQUEST_ACTION, resource, reason));
	}

	/** Lets requests already taken finish, so that none of them is dropped by a normal stop. */
	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
			logger.warn("Stopped with {} self-service reset requests unprocessed", this.executor.getQueue().size());
			this.executor.shutdownNow();
		}
	}

}
