package dev.passwordreset.api.oam;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.passwordreset.HttpApi.ApiResponse;
import org.mockito.stubbing.Answer;

import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Holds a call to the directory at its door until the test lets it through, noting what
 * the request's thread holds meanwhile, so that a test can prove that no request waits on
 * the directory inside a transaction or with a database connection. A test stubs the call
 * it wants held on the spied {@code LdapDirectories} with
 * {@link #holdThenCallRealMethod()}.
 */
final class DirectoryDoor {

	private final CountDownLatch reached = new CountDownLatch(1);

	private final CountDownLatch released = new CountDownLatch(1);

	private volatile boolean transactionActive;

	private volatile List<String> boundResources = List.of();

	/** The stub's answer: note what the thread holds, wait at the door, go on. */
	Answer<Object> holdThenCallRealMethod() {
		return (call) -> {
			this.transactionActive = TransactionSynchronizationManager.isActualTransactionActive();
			this.boundResources = TransactionSynchronizationManager.getResourceMap()
				.values()
				.stream()
				.map((held) -> held.getClass().getName())
				.toList();
			this.reached.countDown();
			if (!this.released.await(2, TimeUnit.MINUTES)) {
				throw new IllegalStateException("the test never let the directory call through");
			}
			return call.callRealMethod();
		};
	}

	/** Until the call is held, or the request ended without reaching it. */
	void awaitReached(CompletableFuture<ApiResponse> request) {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.reached.getCount() == 0 || request.isDone());
		if (this.reached.getCount() != 0) {
			ApiResponse answer = request.join();
			throw new AssertionError(
					"the request ended before the directory call: " + answer.status() + " " + answer.body());
		}
	}

	/** That the held request's thread had neither a transaction nor a connection. */
	void assertNoTransactionNorConnectionHeld(String call) {
		assertThat(this.transactionActive).as("a transaction open during the directory " + call).isFalse();
		assertThat(this.boundResources).as("what the request thread holds during the directory " + call)
			.noneMatch((held) -> held.contains("ConnectionHolder") || held.contains("EntityManagerHolder"));
	}

	void release() {
		this.released.countDown();
	}

}
