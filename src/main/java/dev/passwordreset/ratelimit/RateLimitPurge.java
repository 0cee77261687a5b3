package dev.passwordreset.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the rate-limit tables small. A decision reads only its window and deletes
 * nothing, so the events that have left every window, and the buckets of subjects that
 * never come back (one-off client addresses), are deleted here.
 */
@Component
class RateLimitPurge {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitPurge.class);

	private final RateLimiter limiter;

	RateLimitPurge(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	void purge() {
		int deleted = this.limiter.purge(RateLimit.MAX_WINDOW);
		if (deleted > 0) {
			logger.debug("Purged {} rate-limit events older than a day", deleted);
		}
	}

}
