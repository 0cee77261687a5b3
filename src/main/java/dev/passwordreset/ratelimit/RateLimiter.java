package dev.passwordreset.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exact sliding-window limits shared by every instance on the database. Each decision
 * runs in a transaction of its own, so an allowed event counts even if the caller's work
 * fails afterwards (an attacker gains nothing by making requests fail), and the bucket's
 * row lock is held for two short statements only.
 */
@Service
public class RateLimiter {

	/** Concurrent first uses of a bucket race to insert it; the losers try again. */
	private static final int ATTEMPTS = 5;

	private static final String ASYNCHRONOUS_COMMIT = "set local synchronous_commit to off";

	private static final String LOCK_BUCKET = "update rate_limit_bucket set created_at = created_at where bucket_key = ?";

	private static final String RECORD_EVENT = """
			insert into rate_limit_event (id, bucket_key, occurred_at)
			select ?, ?, ? from rate_limit_bucket where bucket_key = ?
			and (select count(*) from rate_limit_event where bucket_key = ? and occurred_at > ?) < ?""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final MeterRegistry meters;

	/** Whether the database is PostgreSQL; read from the first connection. */
	private volatile @Nullable Boolean postgresql;

	RateLimiter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock, MeterRegistry meters) {
		this.meters = meters;
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/**
	 * Counts one event for {@code subject} under {@code limit} if the limit allows it.
	 * @param limit the limit to apply
	 * @param subject whom the limit is about (a user id, a client address); only its
	 * digest is stored
	 * @return whether the event is allowed, and when it is not, how long until it would
	 * be
	 */
	public Decision tryAcquire(RateLimit limit, String subject) {
		return acquire(limit, subject, null);
	}

	/**
	 * Counts one event for {@code subject} under {@code limit} if the limit allows it,
	 * and then runs {@code whenAllowed} in the same transaction: the event and the
	 * caller's writes commit together, on the one connection, or neither does. An event
	 * refused runs nothing.
	 * @param limit the limit to apply
	 * @param subject whom the limit is about; only its digest is stored
	 * @param whenAllowed writes that belong with an allowed event; it may run more than
	 * once, each time in a fresh transaction, when concurrent first uses of a bucket race
	 * @return whether the event is allowed, and when it is not, how long until it would
	 * be
	 */
	public Decision tryAcquire(RateLimit limit, String subject, Runnable whenAllowed) {
		return acquire(limit, subject, whenAllowed);
	}

	private Decision acquire(RateLimit limit, String subject, @Nullable Runnable whenAllowed) {
		String bucket = bucketKey(limit, subject);
		RuntimeException last = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try {
				Decision decision = this.transaction.execute((status) -> {
					Decision decided = decide(limit, bucket, whenAllowed == null);
					if (decided.allowed() && whenAllowed != null) {
						whenAllowed.run();
					}
					return decided;
				});
				if (decision != null) {
					if (!decision.allowed()) {
						countRejection(limit);
					}
					return decision;
				}
			}
			catch (DataIntegrityViolationException | PessimisticLockingFailureException ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("Rate limit '" + limit.name() + "' could not be decided", last);
	}

	/**
	 * Deletes events older than {@code retention} and the buckets left without any.
	 * Nothing is lost: a limit only ever looks at events inside its window.
	 * @return how many events were deleted
	 */
	public int purge(Duration retention) {
		Instant cutoff = this.clock.instant().minus(retention);
		int events = this.jdbc.update("delete from rate_limit_event where occurred_at < ?", at(cutoff));
		this.jdbc.update("""
				delete from rate_limit_bucket b where b.created_at < ?
				and not exists (select 1 from rate_limit_event e where e.bucket_key = b.bucket_key)""", at(cutoff));
		return events;
	}

	private boolean isPostgresql() {
		Boolean postgresql = this.postgresql;
		if (postgresql == null) {
			postgresql = this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> "PostgreSQL"
				.equals(connection.getMetaData().getDatabaseProductName()));
			this.postgresql = postgresql;
		}
		return Boolean.TRUE.equals(postgresql);
	}

	/**
	 * Takes the bucket's row lock and records the event if the window has room.
	 * <p>
	 * The lock is an update that changes nothing rather than "select ... for update": H2
	 * prepares a locking select afresh on every call but keeps an update in its statement
	 * cache, and both databases lock the row alike. The event is counted and recorded in
	 * one statement that inserts it only while the window has room; the lock makes the
	 * count exact. Events older than the window are left to the purge, since the index
	 * reads only the window anyway.
	 * <p>
	 * With {@code withoutWaitingForTheDisk}, on PostgreSQL, this transaction's commit
	 * returns before its record reaches the disk ({@code synchronous_commit} off, for
	 * this transaction only). An event alone may be lost to a crash of the database
	 * within a fraction of a second of its commit: the limit then allows that many more,
	 * once, and nothing else is lost, since the database stays consistent. It spares each
	 * decision a wait for the disk, which on PostgreSQL was most of a rate-limited
	 * request's time. Writes of the caller's that commit with the event (the other
	 * {@code tryAcquire}) keep the database's setting.
	 */
	private Decision decide(RateLimit limit, String bucket, boolean withoutWaitingForTheDisk) {
		Instant now = this.clock.instant();
		OffsetDateTime windowStart = at(now.minus(limit.window()));
		Object[] event = { UUID.randomUUID(), bucket, at(now), bucket, bucket, windowStart, limit.maxEvents() };
		LockAndRecord first = isPostgresql() ? lockAndRecordInOneRoundTrip(bucket, event, withoutWaitingForTheDisk)
				: lockAndRecord(bucket, event);
		boolean recorded = first.recorded();
		if (!first.locked()) {
			// No bucket yet, so nothing was recorded. Of concurrent first uses, the
			// losers fail here and roll back, then retry and wait for the lock.
			this.jdbc.update("insert into rate_limit_bucket (bucket_key, created_at) values (?, ?)", bucket, at(now));
			recorded = this.jdbc.update(RECORD_EVENT, event) > 0;
		}
		if (recorded) {
			return Decision.ALLOWED;
		}
		// Read back only when refused, to say when to retry.
		List<OffsetDateTime> inWindow = this.jdbc.queryForList(
				"select occurred_at from rate_limit_event where bucket_key = ? and occurred_at > ? order by occurred_at",
				OffsetDateTime.class, bucket, windowStart);
		return Decision.refused(retryAfter(limit, inWindow, now));
	}

	/**
	 * The lock, then the event's insert only where there is a bucket to record it in:
	 * without one the insert could not record anything.
	 */
	private LockAndRecord lockAndRecord(String bucket, Object[] event) {
		boolean locked = this.jdbc.update(LOCK_BUCKET, bucket) > 0;
		return new LockAndRecord(locked, locked && this.jdbc.update(RECORD_EVENT, event) > 0);
	}

	/**
	 * The lock and the event's insert (and the setting) as one statement string, which
	 * PostgreSQL's driver sends in one round trip. The server still runs them one after
	 * the other, each with a snapshot of its own, so the insert counts the window only
	 * once it holds the lock, as two calls would.
	 */
	private LockAndRecord lockAndRecordInOneRoundTrip(String bucket, Object[] event, boolean withoutWaitingForTheDisk) {
		String sql = (withoutWaitingForTheDisk ? ASYNCHRONOUS_COMMIT + "; " : "") + LOCK_BUCKET + "; " + RECORD_EVENT;
		Object[] arguments = new Object[event.length + 1];
		arguments[0] = bucket;
		System.arraycopy(event, 0, arguments, 1, event.length);
		return this.jdbc.execute(sql, (PreparedStatementCallback<LockAndRecord>) (statement) -> {
			new ArgumentPreparedStatementSetter(arguments).setValues(statement);
			statement.execute();
			if (withoutWaitingForTheDisk) {
				statement.getMoreResults();
			}
			int locked = statement.getUpdateCount();
			statement.getMoreResults();
			return new LockAndRecord(locked > 0, statement.getUpdateCount() > 0);
		});
	}

	/** Whether the bucket existed (and is now locked), and whether the event went in. */
	private record LockAndRecord(boolean locked, boolean recorded) {

	}

	private static Duration retryAfter(RateLimit limit, List<OffsetDateTime> inWindow, Instant now) {
		Instant oldestThatMustExpire = inWindow.get(inWindow.size() - limit.maxEvents()).toInstant();
		Duration retryAfter = Duration.between(now, oldestThatMustExpire.plus(limit.window()));
		return retryAfter.isNegative() ? Duration.ZERO : retryAfter;
	}

	/**
	 * Declares a limit its owner will apply, so that its
	 * {@code rate_limit_rejections_total} series exists from the start, at zero, for
	 * dashboards and alerts to name.
	 * @return the limit
	 */
	public RateLimit declare(RateLimit limit) {
		rejections(limit);
		return limit;
	}

	private void countRejection(RateLimit limit) {
		rejections(limit).increment();
	}

	private Counter rejections(RateLimit limit) {
		return Counter.builder("rate.limit.rejections")
			.description("Requests refused by a rate limit, by limit")
			.tag("limit", limit.name())
			.register(this.meters);
	}

	static String bucketKey(RateLimit limit, String subject) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(limit.name().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(subject.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * A limit's answer.
	 *
	 * @param allowed whether the event was allowed and counted
	 * @param retryAfter when refused, how long until the window has room again; zero when
	 * allowed
	 */
	public record Decision(boolean allowed, Duration retryAfter) {

		static final Decision ALLOWED = new Decision(true, Duration.ZERO);

		static Decision refused(Duration retryAfter) {
			return new Decision(false, retryAfter);
		}

	}

}
