package dev.passwordreset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs calls on threads of their own, released together by one latch, so that they really
 * race; returns their results in the order of the calls.
 */
public final class AllAtOnce {

	/**
	 * Longer than any request of the suite may take, so that a hang fails rather than
	 * waits forever.
	 */
	private static final Duration EACH_CALL = Duration.ofMinutes(2);

	private AllAtOnce() {
	}

	public static <T> List<T> run(List<? extends Callable<T>> calls) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(calls.size());
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> call : calls) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(EACH_CALL.toSeconds(), TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
