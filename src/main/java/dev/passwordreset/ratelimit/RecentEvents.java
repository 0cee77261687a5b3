package dev.passwordreset.ratelimit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The times of a bucket's newest allowed events, oldest first, as the bucket's row holds
 * them: big-endian 64-bit microseconds since the epoch, eight bytes each.
 * <p>
 * An N-per-window limit needs no more than the newest N: there is room for one more event
 * exactly when fewer than N of them lie inside the window, whatever the window, and the
 * oldest of them is the one that must leave it first. So a bucket keeps at most N, and an
 * event is only dropped when a newer one takes its place and it has left the window
 * already.
 */
final class RecentEvents {

	static final RecentEvents NONE = new RecentEvents(new long[0]);

	private final long[] micros;

	private RecentEvents(long[] micros) {
		this.micros = micros;
	}

	/**
	 * Reads a bucket's column; sorts, since instances whose clocks differ a little may
	 * have appended out of order.
	 * @throws IllegalArgumentException if the bytes are not whole times
	 */
	static RecentEvents decode(byte[] bytes) {
		if (bytes.length % Long.BYTES != 0) {
			throw new IllegalArgumentException(
					"A bucket's recent events are " + bytes.length + " bytes, not a multiple of " + Long.BYTES);
		}
		long[] micros = new long[bytes.length / Long.BYTES];
		ByteBuffer.wrap(bytes).asLongBuffer().get(micros);
		Arrays.sort(micros);
		return new RecentEvents(micros);
	}

	/** Events recorded before the bucket kept its own, as rate_limit_event held them. */
	static RecentEvents of(List<Instant> times) {
		long[] micros = times.stream().mapToLong(RecentEvents::micros).sorted().toArray();
		return new RecentEvents(micros);
	}

	byte[] encode() {
		ByteBuffer bytes = ByteBuffer.allocate(this.micros.length * Long.BYTES);
		bytes.asLongBuffer().put(this.micros);
		return bytes.array();
	}

	/**
	 * Whether {@code limit} has room for one more event at {@code now}: fewer than its
	 * maximum of these lie inside its window, which ends at {@code now} and excludes its
	 * start.
	 */
	boolean hasRoom(RateLimit limit, Instant now) {
		return inWindow(limit, now) < limit.maxEvents();
	}

	/**
	 * These with an event at {@code now} added and, past the limit's maximum, the oldest
	 * dropped. Only called when {@link #hasRoom there is room}, so a dropped event has
	 * left the window.
	 */
	RecentEvents with(RateLimit limit, Instant now) {
		int keep = Math.min(this.micros.length, limit.maxEvents() - 1);
		long[] next = Arrays.copyOfRange(this.micros, this.micros.length - keep, this.micros.length + 1);
		next[keep] = micros(now);
		Arrays.sort(next);
		return new RecentEvents(next);
	}

	/**
	 * When a refused caller may try again: once the oldest event that must leave the
	 * window for there to be room has left it; zero if there is room already.
	 */
	Duration retryAfter(RateLimit limit, Instant now) {
		int inWindow = inWindow(limit, now);
		if (inWindow < limit.maxEvents()) {
			return Duration.ZERO;
		}
		long oldestThatMustLeave = this.micros[this.micros.length - limit.maxEvents()];
		Duration retryAfter = Duration.between(now, instant(oldestThatMustLeave).plus(limit.window()));
		return retryAfter.isNegative() ? Duration.ZERO : retryAfter;
	}

	/** The newest event, which the purge goes by. */
	Instant newest() {
		if (this.micros.length == 0) {
			throw new IllegalStateException("No events");
		}
		return instant(this.micros[this.micros.length - 1]);
	}

	int size() {
		return this.micros.length;
	}

	private int inWindow(RateLimit limit, Instant now) {
		long windowStart = micros(now.minus(limit.window()));
		int count = 0;
		for (int i = this.micros.length - 1; i >= 0 && this.micros[i] > windowStart; i--) {
			count++;
		}
		return count;
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	private static Instant instant(long micros) {
		return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
	}

}
