package dev.passwordreset.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The threads that run this instance's {@link MailOutboxWorker}:
 * {@code reset.mail.senders} of them, each polling a batch at a time. A sender goes on at
 * once while it finds mail, and waits otherwise, until {@link #wakeUp()} (a mail was
 * committed here) or {@code reset.mail.poll-interval} (for mail queued by other instances
 * and for retries that came due). One wake-up rouses one idle sender; a sender that
 * claimed a full batch rouses another, so a backlog gets them all.
 * <p>
 * A lifecycle that stops first (the highest phase): each sender finishes the mail it is
 * sending and gives the rest of its batch back before the rest of the application stops.
 */
final class MailOutboxSenders implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MailOutboxSenders.class);

	/**
	 * The SMTP timeouts bound one mail; a sender still busy after this is left to its
	 * lease.
	 */
	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final MailOutboxWorker worker;

	private final MailOutboxProperties properties;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wakeUps = this.lock.newCondition();

	/** Guarded by the lock: a mail was committed since a sender last looked. */
	private boolean due;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	MailOutboxSenders(MailOutboxWorker worker, MailOutboxProperties properties) {
		this.worker = worker;
		this.properties = properties;
	}

	/**
	 * Rouses an idle sender, or makes the next one to finish look again. Cheap; never
	 * blocks for long.
	 */
	void wakeUp() {
		if (!this.running || !this.properties.workerEnabled()) {
			return;
		}
		this.lock.lock();
		try {
			this.due = true;
			this.wakeUps.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Also after a stop: a stopped context may be started again (as the test framework
	 * does).
	 */
	@Override
	public synchronized void start() {
		this.worker.resume();
		this.running = true;
		if (!this.properties.workerEnabled()) {
			return;
		}
		for (int i = 1; i <= this.properties.senders(); i++) {
			Thread thread = new Thread(this::send, "mail-sender-" + i);
			// A sender stuck past STOP_WAIT must not keep the process alive; its claims
			// lapse.
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
	}

	@Override
	public synchronized void stop() {
		this.worker.stop();
		this.lock.lock();
		try {
			this.running = false;
			this.wakeUps.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		for (Thread thread : this.threads) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (thread.isAlive()) {
				logger.warn("{} is still sending; its claimed mails go to another worker when the lease runs out",
						thread.getName());
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	private void send() {
		boolean awake = true;
		while (this.running && awake) {
			int claimed;
			try {
				claimed = this.worker.poll();
			}
			catch (RuntimeException ex) {
				// The database, most likely; wait a poll interval rather than spin
				// against it.
				logger.warn("Mail delivery failed ({}); trying again in {}", ex.getClass().getName(),
						this.properties.pollInterval());
				awake = await(false);
				continue;
			}
			if (claimed >= this.properties.batchSize()) {
				wakeUp();
			}
			else if (claimed == 0) {
				awake = await(true);
			}
		}
	}

	/**
	 * Waits a poll interval, or less if {@code wakeable} and a mail is committed
	 * meanwhile; false if the thread was interrupted, which ends it.
	 */
	private boolean await(boolean wakeable) {
		this.lock.lock();
		try {
			long nanos = this.properties.pollInterval().toNanos();
			while (this.running && !(wakeable && this.due) && nanos > 0) {
				nanos = this.wakeUps.awaitNanos(nanos);
			}
			if (wakeable) {
				this.due = false;
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
