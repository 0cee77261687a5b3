package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Processes the stored "forgot password" requests of every instance, on
 * {@code reset.self-service.worker.threads} threads of this one. Each thread claims up to
 * a batch of due requests, one conditional update per row and with a lease, so that
 * threads and instances sharing the database never process the same claim at once; a
 * request whose worker died is taken over when its lease runs out. A thread looks again
 * at once after a full batch, when a request accepted here wakes it, and otherwise every
 * {@code poll-interval}.
 * <p>
 * A failed attempt puts the request back with an exponential backoff; after
 * {@code max-attempts} it is given up, deleted and audited. Logs name a request by its
 * row id and a failure by its exception type, never by anything typed. Stopping lets each
 * thread finish the request in hand and gives the rest of its batch back at once;
 * requests not processed stay stored for the next start or another instance.
 */
@Component
class SelfServiceWorker implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SelfServiceWorker.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final SelfServiceRequestStore store;

	private final SelfServiceRequestProcessor processor;

	private final ResetProperties.Worker properties;

	private final Clock clock;

	/**
	 * One name per running instance, so that a claim says whose it is; threads add their
	 * number.
	 */
	private final String name = "self-service-" + UUID.randomUUID();

	/**
	 * One permit per wake-up, a few at most: a waiting thread takes one and looks at
	 * once.
	 */
	private final Semaphore wakeUps = new Semaphore(0);

	private final Counter processed;

	private final Counter failed;

	private final Counter givenUp;

	private final Timer wait;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean stopping;

	SelfServiceWorker(SelfServiceRequestStore store, SelfServiceRequestProcessor processor, ResetProperties properties,
			Clock clock, MeterRegistry meters) {
		this.store = store;
		this.processor = processor;
		this.properties = properties.selfService().worker();
		this.clock = clock;
		// Read at each scrape: every instance reports the whole table, which all of them
		// share.
		Gauge.builder("self.service.requests.pending", store, SelfServiceRequestStore::count)
			.description("Self-service requests accepted and not yet processed or given up")
			.register(meters);
		this.processed = Counter.builder("self.service.requests.processed")
			.description("Self-service requests processed by this instance")
			.register(meters);
		this.failed = Counter.builder("self.service.requests.failed")
			.description("Failed attempts to process a self-service request")
			.register(meters);
		this.givenUp = Counter.builder("self.service.requests.given.up")
			.description("Self-service requests given up after their last attempt")
			.register(meters);
		this.wait = Timer.builder("self.service.requests.wait")
			.description("Time from accepting a self-service request to its processing")
			.register(meters);
	}

	/** Makes a waiting thread look for requests now: one was just accepted here. */
	void wakeUp() {
		if (this.wakeUps.availablePermits() < this.properties.threads()) {
			this.wakeUps.release();
		}
	}

	@Override
	public synchronized void start() {
		this.stopping = false;
		if (!this.properties.enabled() || !this.threads.isEmpty()) {
			return;
		}
		for (int i = 1; i <= this.properties.threads(); i++) {
			String worker = this.name + "-" + i;
			Thread thread = new Thread(() -> run(worker), "self-service-worker-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Lets each thread finish the request in hand and give the rest of its batch back,
	 * waiting for them a while. Also used by a stopped application context that is
	 * started again.
	 */
	@Override
	public synchronized void stop() {
		this.stopping = true;
		this.wakeUps.release(this.threads.size());
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (Thread thread : this.threads) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (thread.isAlive()) {
				logger.warn("A self-service worker thread did not stop in time; its claims run out with their lease");
			}
		}
		this.threads.clear();
		this.wakeUps.drainPermits();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.threads.isEmpty();
	}

	private void run(String worker) {
		while (!this.stopping) {
			int found;
			try {
				found = poll(worker);
			}
			catch (RuntimeException ex) {
				// The database is away, say; the requests wait for it, stored.
				logger.warn("Could not look for self-service requests: {}", ex.getClass().getName());
				found = 0;
			}
			if (found < this.properties.batchSize()) {
				try {
					this.wakeUps.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * Claims a batch and processes it.
	 * @return how many requests were due, claimed or not: a full batch means there may be
	 * more
	 */
	int poll(String worker) {
		if (this.stopping) {
			return 0;
		}
		Instant now = this.clock.instant();
		Instant leaseEnd = now.plus(this.properties.lease());
		List<UUID> due = this.store.findClaimable(now, this.properties.batchSize());
		List<SelfServiceRequest> claimed = new ArrayList<>();
		for (UUID id : due) {
			if (this.store.claim(id, worker, now, leaseEnd)) {
				this.store.findClaimed(id, worker).ifPresent(claimed::add);
			}
		}
		for (int i = 0; i < claimed.size(); i++) {
			// Past the lease another worker may already hold the rest; when stopping,
			// another instance should get them at once rather than after the lease.
			if (this.stopping || !this.clock.instant().isBefore(leaseEnd)) {
				releaseAll(claimed.subList(i, claimed.size()), worker);
				break;
			}
			process(claimed.get(i), worker);
		}
		return due.size();
	}

	private void releaseAll(List<SelfServiceRequest> requests, String worker) {
		for (SelfServiceRequest request : requests) {
			this.store.release(request.id(), worker);
		}
	}

	private void process(SelfServiceRequest request, String worker) {
		boolean done;
		try {
			done = this.processor.process(request, worker);
		}
		catch (RuntimeException ex) {
			try {
				failed(request, worker, ex);
			}
			catch (RuntimeException again) {
				// Still claimed: the request is tried again when its lease runs out.
				logger.warn("Self-service request {}: could not record a failed attempt ({})", request.id(),
						again.getClass().getName());
			}
			return;
		}
		if (done) {
			this.processed.increment();
			Duration waited = Duration.between(request.acceptedAt(), this.clock.instant());
			this.wait.record(waited.isNegative() ? Duration.ZERO : waited);
		}
		else {
			logger.debug("Self-service request {} was taken over by another worker", request.id());
		}
	}

	private void failed(SelfServiceRequest request, String worker, RuntimeException ex) {
		this.failed.increment();
		int attempts = request.attempts() + 1;
		// The exception's type only: a message may quote a value, and values here were
		// typed.
		String error = ex.getClass().getName();
		if (attempts < this.properties.maxAttempts()) {
			Instant next = this.clock.instant().plus(this.properties.backoffAfter(attempts));
			this.store.markRetry(request.id(), worker, attempts, next,
					error.substring(0, Math.min(256, error.length())));
			logger.info("Self-service request {}: attempt {} failed ({}); next at {}", request.id(), attempts, error,
					next);
		}
		else if (this.processor.giveUp(request, worker, attempts)) {
			this.givenUp.increment();
			logger.warn("Self-service request {}: gave up after {} failed attempts ({})", request.id(), attempts,
					error);
		}
	}

}
