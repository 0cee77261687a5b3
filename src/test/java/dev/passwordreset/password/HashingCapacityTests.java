package dev.passwordreset.password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bound on concurrent hashes, on its own: how many run, who waits, who is refused.
 */
class HashingCapacityTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stopThreads() {
		this.release.countDown();
		this.threads.shutdownNow();
	}

	@Test
	void noMoreThanTheBoundRunAtOnceAndTheRestWaitTheirTurn() throws Exception {
		HashingCapacity capacity = new HashingCapacity(2, Duration.ofMinutes(1), this.meters);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		List<Future<String>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(this.threads.submit(() -> capacity.call(() -> {
				mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
				awaitRelease();
				running.decrementAndGet();
				return "hashed";
			})));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> gauge("password.hashing.waiting") == 6);
		assertThat(running).hasValue(2);
		assertThat(gauge("password.hashing.active")).isEqualTo(2);

		this.release.countDown();
		for (Future<String> call : calls) {
			assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("hashed");
		}
		assertThat(mostAtOnce).hasValue(2);
		assertThat(gauge("password.hashing.active")).isZero();
		assertThat(this.meters.get("password.hashing.refused").counter().count()).isZero();
	}

	@Test
	void workWhoseTurnDoesNotComeWithinTheWaitIsRefusedWithATimeToComeBack() throws Exception {
		HashingCapacity capacity = new HashingCapacity(1, Duration.ofMillis(50), this.meters);
		holdTheOnlyTurn(capacity);

		AtomicInteger ran = new AtomicInteger();
		assertThatExceptionOfType(HashingBusyException.class).isThrownBy(() -> capacity.call(ran::incrementAndGet))
			.satisfies((ex) -> {
				assertThat(ex.retryAfter()).isPositive();
				assertThat(ex.getStackTrace()).isEmpty();
			});
		assertThat(ran).hasValue(0);
		assertThat(this.meters.get("password.hashing.refused").counter().count()).isEqualTo(1);

		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> gauge("password.hashing.active") == 0);
		assertThat(capacity.call(ran::incrementAndGet)).isEqualTo(1);
	}

	@Test
	void hashesInsideATurnRunOnItAndNeverWaitForASecond() {
		HashingCapacity capacity = new HashingCapacity(1, Duration.ofMillis(10), this.meters);

		String result = capacity.call(() -> capacity.call(() -> capacity.call(() -> "history, then the new hash")));

		assertThat(result).isEqualTo("history, then the new hash");
		assertThat(gauge("password.hashing.active")).isZero();
		assertThat(capacity.call(() -> "the turn was given back")).isEqualTo("the turn was given back");
	}

	@Test
	void aTurnIsGivenBackWhenTheWorkFails() {
		HashingCapacity capacity = new HashingCapacity(1, Duration.ofMillis(10), this.meters);

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> capacity.call(() -> {
			throw new IllegalStateException("a malformed hash");
		}));

		assertThat(gauge("password.hashing.active")).isZero();
		assertThat(capacity.call(() -> "next")).isEqualTo("next");
	}

	@Test
	void theTimeToComeBackGrowsWithTheQueue() throws Exception {
		HashingCapacity capacity = new HashingCapacity(1, Duration.ofMinutes(1), this.meters);
		holdTheOnlyTurn(capacity);
		Duration alone = capacity.expectedWait();
		for (int i = 0; i < 4; i++) {
			this.threads.submit(() -> capacity.call(() -> null));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> gauge("password.hashing.waiting") == 4);

		assertThat(capacity.expectedWait()).isEqualTo(alone.multipliedBy(5));
	}

	/**
	 * Takes the capacity's only turn on another thread and keeps it until the test
	 * releases it.
	 */
	private void holdTheOnlyTurn(HashingCapacity capacity) throws InterruptedException {
		CountDownLatch holding = new CountDownLatch(1);
		this.threads.submit(() -> capacity.call(() -> {
			holding.countDown();
			awaitRelease();
			return null;
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
