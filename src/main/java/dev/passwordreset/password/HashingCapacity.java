package dev.passwordreset.password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many adaptive hashes run at once. A hash is pure CPU: more of them at once than
 * there are cores only makes each slower, so a burst of resets or sign-ins would stretch
 * every answer until none arrives in time. Past the bound, work waits in a fair queue;
 * past {@code max-wait} it is refused with {@link HashingBusyException}, which the faces
 * answer with a 503 and {@code Retry-After}, rather than holding the caller for as long
 * as the burst lasts.
 * <p>
 * A thread that already holds a permit runs nested work directly, so that a caller may
 * take one permit for a sequence of hashes (a history check, then the new hash) and queue
 * only once.
 */
final class HashingCapacity {

	private final Semaphore permits;

	private final int concurrency;

	private final long maxWaitNanos;

	private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);

	/**
	 * A moving average of how long one permit is held, to tell a refused caller when to
	 * return.
	 */
	private final AtomicLong averageHoldNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(250));

	private final Counter refused;

	HashingCapacity(int concurrency, Duration maxWait, MeterRegistry meters) {
		this.concurrency = concurrency;
		this.permits = new Semaphore(concurrency, true);
		this.maxWaitNanos = maxWait.toNanos();
		Gauge.builder("password.hashing.waiting", this.permits, Semaphore::getQueueLength)
			.description("Password hashes waiting for a free core")
			.register(meters);
		Gauge.builder("password.hashing.active", this.permits, (permits) -> concurrency - permits.availablePermits())
			.description("Password hashes running")
			.register(meters);
		Gauge.builder("password.hashing.concurrency", () -> concurrency)
			.description("Password hashes allowed to run at once (reset.password.hashing.concurrency)")
			.register(meters);
		this.refused = Counter.builder("password.hashing.refused")
			.description("Requests refused because the password hashes before them would take longer than "
					+ "reset.password.hashing.max-wait")
			.register(meters);
	}

	int concurrency() {
		return this.concurrency;
	}

	/**
	 * Runs the work holding one permit, waiting in turn for it when all are taken.
	 * @throws HashingBusyException when no permit came free within the configured wait
	 */
	<T> T call(Supplier<T> work) {
		int[] depth = this.held.get();
		if (depth[0] > 0) {
			depth[0]++;
			try {
				return work.get();
			}
			finally {
				depth[0]--;
			}
		}
		acquire();
		long start = System.nanoTime();
		depth[0] = 1;
		try {
			return work.get();
		}
		finally {
			depth[0] = 0;
			this.permits.release();
			remember(System.nanoTime() - start);
		}
	}

	private void acquire() {
		boolean acquired;
		try {
			acquired = this.permits.tryAcquire(this.maxWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			this.refused.increment();
			throw new HashingBusyException(expectedWait());
		}
	}

	/**
	 * How long work queued now would wait: the queue drains {@code concurrency} at a
	 * time.
	 */
	Duration expectedWait() {
		long queued = this.permits.getQueueLength() + 1L;
		long nanos = (queued * this.averageHoldNanos.get() + this.concurrency - 1) / this.concurrency;
		return Duration.ofNanos(nanos);
	}

	private void remember(long heldNanos) {
		// An exponential moving average with weight 1/8 for the newest: steady enough for
		// a hint.
		this.averageHoldNanos.accumulateAndGet(heldNanos, (average, latest) -> average + (latest - average) / 8);
	}

}
