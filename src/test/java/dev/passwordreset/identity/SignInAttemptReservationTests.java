package dev.passwordreset.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passwordreset.RepositoryTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in reservation on the real database: concurrent transactions, each reserving
 * an attempt as {@link UserCredentialService#reserveSignInAttempt} does, never get more
 * than the limit between them, whichever commits first.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class SignInAttemptReservationTests {

	private static final int MAX_FAILURES = 5;

	private static final Duration LOCKOUT = Duration.ofMinutes(15);

	@Autowired
	UserRepository users;

	@Autowired
	IdentityStoreRepository stores;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	JdbcTemplate jdbc;

	private final ExecutorService pool = Executors.newFixedThreadPool(16);

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void concurrentTransactionsReserveNoMoreAttemptsThanTheLimit() throws Exception {
		UUID user = newUser();
		List<Integer> reserved = reserveAtOnce(user, 16);
		assertThat(reserved).as("the attempts that got a place, by their place")
			.containsExactlyInAnyOrder(1, 2, 3, 4, 5);
		assertThat(failedSignIns(user)).isEqualTo(MAX_FAILURES);
		assertThat(lockedUntil(user)).isAfter(Instant.now());
	}

	@Test
	void ofTwoTransactionsRacingForTheLastAttemptOnlyOneGetsIt() throws Exception {
		for (int round = 0; round < 10; round++) {
			UUID user = newUser();
			for (int i = 1; i < MAX_FAILURES; i++) {
				assertThat(reserve(user)).isEqualTo(i);
			}
			assertThat(reserveAtOnce(user, 2)).as("round %d", round).containsExactly(MAX_FAILURES);
			assertThat(lockedUntil(user)).isAfter(Instant.now());
		}
	}

	@Test
	void aMatchingPasswordTakesBackItsOwnAndEarlierFailuresButNotLaterOnes() {
		UUID user = newUser();
		reserve(user);
		int right = reserve(user);
		reserve(user);
		transaction().executeWithoutResult((status) -> this.users.releaseSignInAttempts(user, right));
		assertThat(failedSignIns(user)).as("the attempt reserved after the right one stays counted").isEqualTo(1);

		int next = reserve(user);
		transaction().executeWithoutResult((status) -> this.users.releaseSignInAttempts(user, next));
		assertThat(failedSignIns(user)).isZero();
	}

	@Test
	void theLastAllowedAttemptLocksAndIsLiftedOnlyIfItsPasswordMatchedAndNoneCameAfter() {
		UUID user = newUser();
		for (int i = 1; i < MAX_FAILURES; i++) {
			reserve(user);
		}
		int last = reserve(user);
		assertThat(last).isEqualTo(MAX_FAILURES);
		assertThat(reserve(user)).as("locked").isZero();
		transaction().executeWithoutResult((status) -> this.users.releaseSignInAttempts(user, last));
		assertThat(failedSignIns(user)).isZero();
		assertThat(lockedUntil(user)).isNull();
	}

	@Test
	void aLockThatHasEndedStartsTheCountAnew() {
		UUID user = newUser();
		for (int i = 0; i < MAX_FAILURES; i++) {
			reserve(user);
		}
		this.jdbc.update("update store_user set locked_until = ? where id = ?",
				java.sql.Timestamp.from(Instant.now().minusSeconds(1)), user);
		assertThat(reserve(user)).isEqualTo(1);
		assertThat(lockedUntil(user)).isNull();
	}

	/** Starts {@code count} reservations together; the places of those that got one. */
	private List<Integer> reserveAtOnce(UUID user, int count) throws Exception {
		CyclicBarrier start = new CyclicBarrier(count);
		List<Future<Integer>> attempts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			attempts.add(this.pool.submit(() -> {
				start.await();
				return reserve(user);
			}));
		}
		List<Integer> reserved = new ArrayList<>();
		for (Future<Integer> attempt : attempts) {
			int place = attempt.get();
			if (place > 0) {
				reserved.add(place);
			}
		}
		return reserved;
	}

	/**
	 * What the service does: the update and the read of the count in one transaction; 0
	 * when locked.
	 */
	private int reserve(UUID user) {
		Integer place = transaction().execute((status) -> {
			Instant now = Instant.now();
			return (this.users.reserveSignInAttempt(user, MAX_FAILURES, now, now.plus(LOCKOUT)) == 0) ? 0
					: this.users.failedSignIns(user);
		});
		return (place != null) ? place : 0;
	}

	private TransactionTemplate transaction() {
		return new TransactionTemplate(this.transactionManager);
	}

	private int failedSignIns(UUID user) {
		return this.jdbc.queryForObject("select failed_sign_ins from store_user where id = ?", Integer.class, user);
	}

	private Instant lockedUntil(UUID user) {
		java.sql.Timestamp lockedUntil = this.jdbc.queryForObject("select locked_until from store_user where id = ?",
				java.sql.Timestamp.class, user);
		return (lockedUntil != null) ? lockedUntil.toInstant() : null;
	}

	private UUID newUser() {
		IdentityStore store = this.stores
			.saveAndFlush(new IdentityStore("lockout-" + System.nanoTime(), Instant.now(), "test"));
		return this.users
			.saveAndFlush(new User(store.id(), UserAttributes.builder("guessed").build(), Instant.now(), "test"))
			.id();
	}

}
