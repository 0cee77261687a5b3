package dev.passwordreset.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Throttles failed caller authentications per client address and per claimed access key
 * id, in the shared rate-limit tables so that the limits hold across instances. Only
 * failures are counted and only failures are throttled: a failure costs a locked read
 * and, under the limit, a write, while a request whose credentials hold costs nothing
 * here. Checking every request beforehand would cost two reads per call and buy nothing:
 * access-key secrets (40 random characters), signatures and tokens cannot be guessed, so
 * what a throttle must bound is the work and the audit rows a flood of failures makes,
 * not the chance of a guess; and a right key from a throttled address or for a throttled
 * key id, which anybody can make fail, keeps working.
 */
@Component
class AuthenticationThrottle {

	private final RateLimiter limiter;

	private final RateLimit perAddress;

	private final RateLimit perAccessKey;

	private final List<IpAddressMatcher> exempt;

	AuthenticationThrottle(RateLimiter limiter, AuthenticationThrottleProperties properties) {
		this.limiter = limiter;
		this.perAddress = limiter.declare(new RateLimit("authentication_failures_per_address",
				properties.perAddress().maxFailures(), properties.perAddress().window()));
		this.perAccessKey = limiter.declare(new RateLimit("authentication_failures_per_access_key",
				properties.perAccessKey().maxFailures(), properties.perAccessKey().window()));
		this.exempt = properties.exemptAddresses().stream().map(IpAddressMatcher::new).toList();
	}

	/**
	 * Counts a failed authentication against its address and claimed key id.
	 * @return the throttling, when the failure was over a limit
	 */
	Optional<Throttling> failed(String clientAddress, @Nullable String accessKeyId) {
		if (isExempt(clientAddress)) {
			return Optional.empty();
		}
		Optional<Throttling> byAddress = refusal(this.perAddress, clientAddress,
				this.limiter.tryAcquire(this.perAddress, clientAddress));
		Optional<Throttling> byKey = (accessKeyId != null)
				? refusal(this.perAccessKey, accessKeyId, this.limiter.tryAcquire(this.perAccessKey, accessKeyId))
				: Optional.empty();
		return byAddress.or(() -> byKey);
	}

	/**
	 * Whether this refusal is the first for its subject in a window of its limit, the one
	 * worth an audit record; the rest of the window are only counted, so a flood cannot
	 * grow the audit table. Shared across instances like the limits themselves.
	 */
	boolean firstRefusalOfWindow(Throttling throttling) {
		RateLimit audited = new RateLimit(throttling.limit().name() + "_audited", 1, throttling.limit().window());
		return this.limiter.tryAcquire(audited, throttling.subject()).allowed();
	}

	private boolean isExempt(String clientAddress) {
		return !this.exempt.isEmpty() && this.exempt.stream().anyMatch((matcher) -> matcher.matches(clientAddress));
	}

	private static Optional<Throttling> refusal(RateLimit limit, String subject, RateLimiter.Decision decision) {
		return decision.allowed() ? Optional.empty()
				: Optional.of(new Throttling(limit, subject, decision.retryAfter()));
	}

	/**
	 * A throttled subject.
	 *
	 * @param limit the limit it is over
	 * @param subject the client address or access key id; only its digest is ever stored
	 * @param retryAfter how long until the limit has room again
	 */
	record Throttling(RateLimit limit, String subject, Duration retryAfter) {

		@Override
		public String toString() {
			return "Throttling[limit=" + this.limit.name() + ", retryAfter=" + this.retryAfter + "]";
		}

	}

}
