package dev.passwordreset.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A limit of at most {@code maxEvents} per subject in any sliding {@code window}.
 *
 * @param name what is limited, as in metrics and logs (for example
 * {@code self_service_user}); it never holds the subject itself
 * @param maxEvents the events allowed in one window, at least 1
 * @param window the length of the sliding window, positive and at most
 * {@link #MAX_WINDOW}
 */
public record RateLimit(String name, int maxEvents, Duration window) {

	/**
	 * The longest window: events older than this are purged, since no limit can still see
	 * them.
	 */
	public static final Duration MAX_WINDOW = Duration.ofDays(1);

	public RateLimit {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(window, "window");
		if (name.isBlank()) {
			throw new IllegalArgumentException("A rate limit needs a name");
		}
		if (maxEvents < 1) {
			throw new IllegalArgumentException("A rate limit allows at least one event, not " + maxEvents);
		}
		if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
			throw new IllegalArgumentException(
					"A rate limit's window must be positive and at most a day, not " + window);
		}
	}

}
