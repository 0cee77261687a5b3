package dev.passwordreset.ratelimit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.passwordreset.MutableClock;
import dev.passwordreset.RepositoryTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The limiter on the run's real database (H2, then PostgreSQL), with a clock the test
 * moves.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class RateLimiterTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	// Near the real time, so that the purge other contexts schedule never takes these
	// events.
	MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	RateLimiter limiter;

	@BeforeEach
	void createLimiter() {
		this.limiter = new RateLimiter(this.jdbc, this.transactionManager, this.clock, new SimpleMeterRegistry());
	}

	@Test
	void allowsExactlyTheConfiguredNumberOfEventsThenRefusesWithTheTimeUntilRoom() {
		RateLimit limit = new RateLimit("test_exact", 3, Duration.ofHours(1));
		String subject = uniqueSubject();
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(limit, subject).allowed()).as("event %d", i + 1).isTrue();
			this.clock.advance(Duration.ofMinutes(10));
		}
		RateLimiter.Decision refused = this.limiter.tryAcquire(limit, subject);
		assertThat(refused.allowed()).isFalse();
		// The first event leaves the window an hour after it; 30 minutes have passed
		// since.
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void theWindowSlidesRatherThanResettingOnTheHour() {
		RateLimit limit = new RateLimit("test_sliding", 2, Duration.ofHours(1));
		String subject = uniqueSubject();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		this.clock.advance(Duration.ofMinutes(40));
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		this.clock.advance(Duration.ofMinutes(19));
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).as("59 minutes after the first").isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).as("60 minutes after the first").isTrue();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).as("two in the last hour again").isFalse();
	}

	@Test
	void refusedAttemptsDoNotCountAgainstTheWindow() {
		RateLimit limit = new RateLimit("test_refusals", 1, Duration.ofMinutes(15));
		String subject = uniqueSubject();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofMinutes(2));
			assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isFalse();
		}
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
	}

	@Test
	void subjectsAndLimitsAreCountedApart() {
		RateLimit perUser = new RateLimit("test_user", 1, Duration.ofHours(1));
		RateLimit perAddress = new RateLimit("test_address", 1, Duration.ofHours(1));
		String subject = uniqueSubject();
		assertThat(this.limiter.tryAcquire(perUser, subject).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire(perAddress, subject).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire(perUser, uniqueSubject()).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire(perUser, subject).allowed()).isFalse();
	}

	@Test
	void concurrentCallersFromManyThreadsGetExactlyTheLimit() throws Exception {
		RateLimit limit = new RateLimit("test_concurrent", 5, Duration.ofHours(1));
		String subject = uniqueSubject();
		int callers = 40;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				Callable<Boolean> call = () -> {
					start.await();
					return this.limiter.tryAcquire(limit, subject).allowed();
				};
				results.add(pool.submit(call));
			}
			start.countDown();
			int allowed = 0;
			for (Future<Boolean> result : results) {
				allowed += result.get() ? 1 : 0;
			}
			assertThat(allowed).isEqualTo(5);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(recentEvents(RateLimiter.bucketKey(limit, subject)).size()).isEqualTo(5);
	}

	@Test
	void aDecisionWhoseBucketChangedAfterItsReadDecidesAgainOnWhatTheOtherWrote() {
		RateLimit limit = new RateLimit("test_changed", 2, Duration.ofHours(1));
		String subject = uniqueSubject();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		RateLimiter other = this.limiter;
		AtomicBoolean interleaved = new AtomicBoolean();
		// Another instance's decision takes the last room and commits between this one's
		// read and its record (an update on H2; on PostgreSQL a statement string with the
		// setting).
		Runnable otherDecides = () -> assertThat(other.tryAcquire(limit, subject).allowed()).isTrue();
		JdbcTemplate racing = new JdbcTemplate(this.jdbc.getDataSource()) {
			@Override
			public int update(String sql, @Nullable Object... arguments) {
				if (sql.contains("where bucket_key = ? and") && interleaved.compareAndSet(false, true)) {
					otherDecides.run();
				}
				return super.update(sql, arguments);
			}

			@Override
			public <T> @Nullable T execute(String sql, PreparedStatementCallback<T> action) {
				if (sql.contains("where bucket_key = ? and") && interleaved.compareAndSet(false, true)) {
					otherDecides.run();
				}
				return super.execute(sql, action);
			}
		};
		RateLimiter late = new RateLimiter(racing, this.transactionManager, this.clock, new SimpleMeterRegistry());

		RateLimiter.Decision decision = late.tryAcquire(limit, subject);

		assertThat(interleaved).isTrue();
		assertThat(decision.allowed()).as("the other decision took the last room").isFalse();
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofMinutes(59));
		assertThat(recentEvents(RateLimiter.bucketKey(limit, subject)).size()).isEqualTo(2);
	}

	@Test
	void aDecisionThatWaitedForAnotherToCommitCountsWhatTheOtherRecorded() throws Exception {
		RateLimit limit = new RateLimit("test_waited", 2, Duration.ofHours(1));
		String subject = uniqueSubject();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		String bucket = RateLimiter.bucketKey(limit, subject);
		RecentEvents full = recentEvents(bucket).with(limit, this.clock.instant());
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			// Another decision recorded the last room under the bucket's row lock and has
			// not committed yet: this one reads the room that the last commit left.
			Future<?> other = uncommittedUntil(release, pool, () -> this.jdbc
				.update("update rate_limit_bucket set recent_events = ? where bucket_key = ?", full.encode(), bucket));
			Future<RateLimiter.Decision> decision = pool.submit(() -> this.limiter.tryAcquire(limit, subject));
			awaitASessionWaitingForALock();

			release.countDown();
			other.get(1, TimeUnit.MINUTES);

			assertThat(decision.get(1, TimeUnit.MINUTES).allowed()).as("the other took the last room").isFalse();
			assertThat(decision.get().retryAfter()).isEqualTo(Duration.ofMinutes(59));
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
		assertThat(recentEvents(bucket).size()).isEqualTo(2);
	}

	/**
	 * Runs {@code write} in a transaction on the pool that commits once {@code release}
	 * counts down; returns once the write ran.
	 */
	private Future<?> uncommittedUntil(CountDownLatch release, ExecutorService pool, Runnable write)
			throws InterruptedException {
		CountDownLatch written = new CountDownLatch(1);
		Future<?> transaction = pool
			.submit(() -> new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
				write.run();
				written.countDown();
				try {
					release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		assertThat(written.await(1, TimeUnit.MINUTES)).isTrue();
		return transaction;
	}

	private void awaitASessionWaitingForALock() throws InterruptedException {
		String waiting = "postgresql".equals(System.getProperty("test.database"))
				? "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"
				: "select count(*) from information_schema.sessions where blocker_id is not null";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (this.jdbc.queryForObject(waiting, Integer.class) == 0) {
			assertThat(System.nanoTime()).as("a decision waiting for the bucket's lock").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@Test
	void aFullWindowRefusesWithoutWaitingForTheLockOfADecisionInProgress() throws Exception {
		RateLimit limit = new RateLimit("test_full", 1, Duration.ofHours(1));
		String subject = uniqueSubject();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		String bucket = RateLimiter.bucketKey(limit, subject);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			// Another decision on the bucket holds its row lock and has not committed.
			Future<?> holder = uncommittedUntil(release, pool, () -> this.jdbc
				.update("update rate_limit_bucket set created_at = created_at where bucket_key = ?", bucket));

			// Refusals write nothing, so a flood of them does not queue behind one lock.
			Future<RateLimiter.Decision> refusal = pool.submit(() -> this.limiter.tryAcquire(limit, subject));
			assertThat(refusal.get(5, TimeUnit.SECONDS).allowed()).isFalse();

			release.countDown();
			holder.get(1, TimeUnit.MINUTES);
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	@Test
	void aBucketFromBeforeItKeptItsOwnEventsStillCountsThemAndThenKeepsItsOwn() {
		RateLimit limit = new RateLimit("test_upgrade", 3, Duration.ofMinutes(15));
		String subject = uniqueSubject();
		String bucket = RateLimiter.bucketKey(limit, subject);
		Instant now = this.clock.instant();
		// As V7's limiter left it: a bucket row, and one event row per allowed event.
		this.jdbc.update("insert into rate_limit_bucket (bucket_key, created_at) values (?, ?)", bucket,
				now.minus(Duration.ofMinutes(20)).atOffset(ZoneOffset.UTC));
		for (Duration ago : List.of(Duration.ofMinutes(20), Duration.ofMinutes(10), Duration.ofMinutes(5),
				Duration.ofMinutes(1))) {
			this.jdbc.update("insert into rate_limit_event (id, bucket_key, occurred_at) values (?, ?, ?)",
					UUID.randomUUID(), bucket, now.minus(ago).atOffset(ZoneOffset.UTC));
		}

		RateLimiter.Decision refused = this.limiter.tryAcquire(limit, subject);
		assertThat(refused.allowed()).as("three events of the old table lie in the window").isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(5));

		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).as("the bucket now holds the two old and the new")
			.isFalse();
		assertThat(recentEvents(bucket).size()).isEqualTo(3);
	}

	@Test
	void theTablesHoldNeitherTheSubjectNorTheLimitName() {
		String address = "203.0.113.77-" + UUID.randomUUID();
		this.limiter.tryAcquire(new RateLimit("test_privacy", 5, Duration.ofHours(1)), address);
		List<String> keys = this.jdbc.queryForList("select bucket_key from rate_limit_bucket", String.class);
		assertThat(keys).isNotEmpty().allSatisfy((key) -> assertThat(key).matches("[0-9a-f]{64}"));
		assertThat(keys).noneMatch((key) -> key.contains("203.0.113.77"));
	}

	@Test
	void purgingDropsEventsPastTheRetentionAndTheirEmptyBuckets() {
		RateLimit limit = new RateLimit("test_purge", 1, Duration.ofMinutes(15));
		String subject = uniqueSubject();
		String bucket = RateLimiter.bucketKey(limit, subject);
		this.limiter.tryAcquire(limit, subject);
		this.clock.advance(Duration.ofDays(2));
		assertThat(this.limiter.purge(Duration.ofDays(1))).isPositive();
		assertThat(this.jdbc.queryForObject("select count(*) from rate_limit_bucket where bucket_key = ?",
				Integer.class, bucket))
			.isZero();
		assertThat(this.limiter.tryAcquire(limit, subject).allowed()).as("a purged bucket starts afresh").isTrue();
	}

	@Test
	void writesThatBelongWithAnEventCommitWithItAndARefusedEventWritesNothing() {
		RateLimit limit = new RateLimit("test_with_writes", 1, Duration.ofHours(1));
		String subject = uniqueSubject();
		// Any table does for the caller's write: a bucket row of a key no limit uses,
		// shaped as keys are.
		String written = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
		Runnable write = () -> this.jdbc.update("insert into rate_limit_bucket (bucket_key, created_at) values (?, ?)",
				written, this.clock.instant().atOffset(ZoneOffset.UTC));

		assertThat(this.limiter.tryAcquire(limit, subject, write).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire(limit, subject, write).allowed()).as("refused, so not written again")
			.isFalse();
		assertThat(this.jdbc.queryForObject("select count(*) from rate_limit_bucket where bucket_key = ?",
				Integer.class, written))
			.isOne();

		String other = uniqueSubject();
		assertThatIllegalStateException().isThrownBy(() -> this.limiter.tryAcquire(limit, other, () -> {
			throw new IllegalStateException("the caller's write failed");
		}));
		assertThat(this.limiter.tryAcquire(limit, other).allowed()).as("the event rolled back with the write").isTrue();
	}

	@Test
	void onPostgresqlAnEventAloneCommitsWithoutWaitingForTheDiskAndOnlyThatTransactionDoes() throws SQLException {
		boolean postgresql = "postgresql".equals(System.getProperty("test.database"));
		String setting = "select current_setting('synchronous_commit')";
		// A pooled connection of its own, whose session waits for the disk whatever the
		// server's default, so that "off" can only come from the limiter.
		try (Connection connection = this.jdbc.getDataSource().getConnection()) {
			SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
			List<String> inTheEventsTransaction = new ArrayList<>();
			JdbcTemplate recording = new JdbcTemplate(single) {
				@Override
				public <T> @Nullable T execute(String sql, PreparedStatementCallback<T> action) {
					if (sql.startsWith(RateLimiter.ASYNCHRONOUS_COMMIT_OF_THE_NEXT_STATEMENT)) {
						// A write outside a transaction block: the setting is read by one
						// more statement of the same string, in the same implicit
						// transaction, after the write.
						return super.execute(sql + "; " + setting, (PreparedStatementCallback<T>) (statement) -> {
							T result = action.doInPreparedStatement(statement);
							assertThat(statement.getMoreResults()).isTrue();
							try (ResultSet rows = statement.getResultSet()) {
								assertThat(rows.next()).isTrue();
								inTheEventsTransaction.add("without a transaction: " + rows.getString(1));
							}
							return result;
						});
					}
					T result = super.execute(sql, action);
					if (sql.startsWith("set local synchronous_commit")) {
						inTheEventsTransaction.add("in a transaction: " + queryForObject(setting, String.class));
					}
					return result;
				}
			};
			if (postgresql) {
				recording.execute("set synchronous_commit to on");
			}
			RateLimiter limiter = new RateLimiter(recording, new DataSourceTransactionManager(single), this.clock,
					new SimpleMeterRegistry());
			RateLimit limit = new RateLimit("test_commit", 5, Duration.ofHours(1));
			List<String> withTheCallersWrites = new ArrayList<>();
			String subject = uniqueSubject();
			String fromBeforeV19 = uniqueSubject();
			recording.update("insert into rate_limit_bucket (bucket_key, created_at) values (?, ?)",
					RateLimiter.bucketKey(limit, fromBeforeV19), this.clock.instant().atOffset(ZoneOffset.UTC));

			try {
				assertThat(limiter.tryAcquire(limit, subject).allowed()).as("a bucket's first event").isTrue();
				assertThat(limiter.tryAcquire(limit, subject).allowed()).as("its second").isTrue();
				assertThat(limiter.tryAcquire(limit, fromBeforeV19).allowed()).as("decided in a transaction").isTrue();
				assertThat(limiter.tryAcquire(limit, uniqueSubject(), () -> {
					if (postgresql) {
						withTheCallersWrites.add(recording.queryForObject(setting, String.class));
					}
				}).allowed()).isTrue();

				if (postgresql) {
					assertThat(inTheEventsTransaction).containsExactly("without a transaction: off",
							"without a transaction: off", "in a transaction: off");
					assertThat(withTheCallersWrites).as("writes that commit with the event wait for the disk")
						.containsExactly("on");
					assertThat(recording.queryForObject(setting, String.class)).as("the connection afterwards")
						.isEqualTo("on");
				}
				else {
					assertThat(inTheEventsTransaction).as("H2 has no such setting").isEmpty();
				}
			}
			finally {
				if (postgresql) {
					recording.execute("reset synchronous_commit");
				}
			}
		}
	}

	/** The bucket's events as its row holds them. */
	private RecentEvents recentEvents(String bucket) {
		byte[] column = this.jdbc.queryForObject("select recent_events from rate_limit_bucket where bucket_key = ?",
				byte[].class, bucket);
		assertThat(column).as("the bucket's events").isNotNull();
		return RecentEvents.decode(column);
	}

	private static String uniqueSubject() {
		return UUID.randomUUID().toString();
	}

}
