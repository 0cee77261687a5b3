package dev.passwordreset.reset;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEvent;
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

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What becomes of one stored "forgot password" request: finding the user, the per-user
 * limit, and queuing the link mail. The lookup and the limit run first, each on its own;
 * then one transaction deletes the request, conditional on the worker's claim, and writes
 * its outcome: the links and mails, or the audit of why none was sent. So an outcome is
 * written once, however often the request is claimed, and what the user typed is gone
 * with it.
 */
@Component
class SelfServiceRequestProcessor {

	/**
	 * Users sharing one email address who all get a link; more suggests a shared mailbox.
	 */
	static final int MAX_USERS_PER_EMAIL = 5;

	private final SelfServiceRequestStore store;

	private final UserCredentialService credentials;

	private final PasswordResetService resets;

	private final RateLimiter limiter;

	private final AuditLog audit;

	private final Clock clock;

	private final RateLimit perUser;

	private final TransactionTemplate transaction;

	SelfServiceRequestProcessor(SelfServiceRequestStore store, UserCredentialService credentials,
			PasswordResetService resets, RateLimiter limiter, AuditLog audit, Clock clock, ResetProperties properties,
			PlatformTransactionManager transactionManager) {
		this.store = store;
		this.credentials = credentials;
		this.resets = resets;
		this.limiter = limiter;
		this.audit = audit;
		this.clock = clock;
		ResetProperties.PerUser limit = properties.selfService().perUser();
		this.perUser = limiter.declare(new RateLimit("self_service_user", limit.maxRequests(), limit.window()));
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Processes a request the worker has claimed.
	 * @return true when the request is done and deleted; false when another worker had
	 * taken it over, in which case nothing was written
	 * @throws RuntimeException when a step failed; then nothing of the outcome was
	 * written, and the request is still claimed by this worker. Per-user limits counted
	 * before the failure stay counted
	 */
	boolean process(SelfServiceRequest claimed, String worker) {
		List<UserCredentials> users;
		try {
			users = find(claimed.request());
		}
		catch (IdentityException ex) {
			if (ex.error() != IdentityError.STORE_NOT_FOUND) {
				throw ex;
			}
			return finish(claimed, worker, List.of(), List.of(new Refusal(null, "no link: no such identity store")));
		}
		if (users.isEmpty()) {
			return finish(claimed, worker, List.of(), List.of(new Refusal(null, "no link: no user matches")));
		}
		List<UserCredentials> allowed = new ArrayList<>();
		List<Refusal> refused = new ArrayList<>();
		for (UserCredentials user : users) {
			if (this.limiter.tryAcquire(this.perUser, user.userId().toString()).allowed()) {
				allowed.add(user);
			}
			else {
				refused.add(new Refusal(PasswordResetService.resource(user.identityStoreId(), user.userId()),
						"no link: the user exceeded its limit"));
			}
		}
		return finish(claimed, worker, allowed, refused);
	}

	/**
	 * Deletes a request that failed too often and audits that it was given up, in one
	 * transaction.
	 * @return false when another worker had taken it over
	 */
	boolean giveUp(SelfServiceRequest claimed, String worker, int attempts) {
		return finish(claimed, worker, List.of(),
				List.of(new Refusal(null, "no link: given up after " + attempts + " failed attempts")));
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

	/**
	 * One transaction: the request's deletion, the links of the users allowed one (each
	 * with its success audit, as
	 * {@link PasswordResetService#sendResetLinkRequestedByUser} writes them in this
	 * transaction) and the audits of every user or request refused one.
	 */
	private boolean finish(SelfServiceRequest claimed, String worker, List<UserCredentials> linked,
			List<Refusal> refused) {
		Boolean done = this.transaction.execute((status) -> {
			if (!this.store.delete(claimed.id(), worker)) {
				return false;
			}
			for (Refusal refusal : refused) {
				this.audit.recordInTransaction(failure(claimed.actor(), refusal));
			}
			for (UserCredentials user : linked) {
				try {
					this.resets.sendResetLinkRequestedByUser(user, claimed.actor());
				}
				catch (ResetNotPossibleException ex) {
					// Thrown before the link's writes begin, so the transaction goes on.
					this.audit.recordInTransaction(failure(claimed.actor(),
							new Refusal(PasswordResetService.resource(user.identityStoreId(), user.userId()),
									"no link: " + ex.getMessage())));
				}
			}
			return true;
		});
		return Boolean.TRUE.equals(done);
	}

	private AuditEvent failure(AuditActor actor, Refusal refusal) {
		try {
			return actor.event(AuditEventType.PASSWORD_RESET_REQUESTED, AuditOutcome.FAILURE, this.clock.instant(),
					SelfServiceResetService.REQUEST_ACTION, refusal.resource(), refusal.reason());
		}
		catch (IllegalArgumentException ex) {
			// A client address the audit cannot hold (a proxy's host name, say): the
			// outcome is recorded without it rather than never, which would keep the
			// request forever.
			return AuditActor.SYSTEM.event(AuditEventType.PASSWORD_RESET_REQUESTED, AuditOutcome.FAILURE,
					this.clock.instant(), SelfServiceResetService.REQUEST_ACTION, refusal.resource(), refusal.reason());
		}
	}

	/** Why a request, or one of its users, gets no link. */
	private record Refusal(@Nullable String resource, String reason) {
	}

}
