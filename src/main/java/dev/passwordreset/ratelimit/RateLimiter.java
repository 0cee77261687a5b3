package dev.passwordreset.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

import dev.passwordreset.DatabaseProduct;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exact sliding-window limits shared by every instance on the database. Each decision
 * commits on its own, outside the caller's transaction, so an allowed event counts even
 * if the caller's work fails afterwards (an attacker gains nothing by making requests
 * fail); when a decision needs the bucket's row lock, the lock is held for two short
 * statements only.
 */
@Service
public class RateLimiter {

	/** Concurrent first uses of a bucket race to insert it; the losers try again. */
	private static final int ATTEMPTS = 5;

	private static final String ASYNCHRONOUS_COMMIT = "set local synchronous_commit to off";

	/**
	 * The same setting for a statement outside a transaction block: PostgreSQL runs the
	 * statements its driver sends before one sync as one implicit transaction, which the
	 * setting lasts for. {@code set local} would warn there; {@code set_config} does not.
	 */
	static final String ASYNCHRONOUS_COMMIT_OF_THE_NEXT_STATEMENT = "select set_config('synchronous_commit', 'off', true)";

	/**
	 * The bucket's row lock and its recent events in one statement: an update that
	 * changes nothing, with the row it updated. H2 has no {@code returning}; it reads the
	 * updated rows from a data change delta table instead.
	 */
	private static final String LOCK_AND_READ_POSTGRESQL = "update rate_limit_bucket set created_at = created_at where bucket_key = ? returning recent_events";

	private static final String LOCK_AND_READ_H2 = "select recent_events from final table (update rate_limit_bucket set created_at = created_at where bucket_key = ?)";

	private static final String RECORD = "update rate_limit_bucket set recent_events = ?, last_event_at = ? where bucket_key = ?";

	/** The bucket as the last commit left it, without a lock. */
	private static final String READ = "select recent_events from rate_limit_bucket where bucket_key = ?";

	/**
	 * The event recorded only if no other decision changed the bucket since it was read.
	 */
	private static final String RECORD_IF_UNCHANGED = "update rate_limit_bucket set recent_events = ?, last_event_at = ? where bucket_key = ? and recent_events = ?";

	private static final String CREATE = "insert into rate_limit_bucket (bucket_key, created_at, recent_events, last_event_at) values (?, ?, ?, ?)";

	/** A bucket from before V19 has its events in rate_limit_event. */
	private static final String EVENTS_FROM_BEFORE_V19 = "select occurred_at from rate_limit_event where bucket_key = ? order by occurred_at desc fetch first ? rows only";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	/** One connection for a decision's statements, each committed on its own. */
	private final TransactionTemplate withoutTransaction;

	private final Clock clock;

	private final MeterRegistry meters;

	private final DatabaseProduct product;

	RateLimiter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock, MeterRegistry meters) {
		this.meters = meters;
		this.jdbc = jdbc;
		this.product = new DatabaseProduct(jdbc);
		this.transaction = new TransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.withoutTransaction = new TransactionTemplate(transactionManager);
		this.withoutTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
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
		if (whenAllowed == null) {
			Optional<Decision> decided = this.withoutTransaction
				.execute((status) -> Optional.ofNullable(decideWithoutTransaction(limit, bucket)));
			if (decided != null && decided.isPresent()) {
				if (!decided.get().allowed()) {
					countRejection(limit);
				}
				return decided.get();
			}
		}
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
	 * Deletes the buckets whose newest event is older than {@code retention}, and what is
	 * left of the events that buckets kept in rate_limit_event before V19. Nothing is
	 * lost: a limit only ever looks at events inside its window.
	 * @return how many buckets and events were deleted
	 */
	public int purge(Duration retention) {
		OffsetDateTime cutoff = at(this.clock.instant().minus(retention));
		int events = this.jdbc.update("delete from rate_limit_event where occurred_at < ?", cutoff);
		int buckets = this.jdbc.update("""
				delete from rate_limit_bucket b where coalesce(b.last_event_at, b.created_at) < ?
				and not exists (select 1 from rate_limit_event e where e.bucket_key = b.bucket_key)""", cutoff);
		return events + buckets;
	}

	/**
	 * The usual decision on an event alone, in two statements that each commit on their
	 * own: the bucket's read, and the event's record by the conditional update of
	 * {@link #decide}, which needs no transaction to be exact since it applies only while
	 * the row still holds what was read; or, for a bucket's first use, its insert. A
	 * transaction around them would add its {@code BEGIN} and {@code COMMIT} and, on
	 * PostgreSQL, a round trip for the commit. The record commits without waiting for the
	 * disk, as {@link #decide} explains.
	 * @return the decision, or null when {@link #decide} must take it: the bucket changed
	 * since its read, a concurrent first use inserted it, or it is from before V19
	 */
	private @Nullable Decision decideWithoutTransaction(RateLimit limit, String bucket) {
		Instant now = this.clock.instant();
		Bucket read = this.jdbc.query(READ, (ResultSetExtractor<Bucket>) RateLimiter::bucket, bucket);
		if (read == null || !read.exists()) {
			try {
				recordWithoutWaitingForTheDisk(CREATE, bucket, at(now), RecentEvents.NONE.with(limit, now).encode(),
						at(now));
				return Decision.ALLOWED;
			}
			catch (DataIntegrityViolationException ex) {
				return null;
			}
		}
		byte[] seen = read.recentEvents();
		return (seen != null) ? recordIfUnchanged(limit, bucket, seen, now, true) : null;
	}

	/**
	 * Refuses when the window as read is full, or records the event with an update that
	 * applies only while the bucket still holds {@code seen}.
	 * @param withTheSetting whether the update carries the setting of
	 * {@link #recordWithoutWaitingForTheDisk} (outside a transaction; inside one the
	 * setting, if any, was set with the read)
	 * @return the decision, or null when the bucket changed since it was read
	 */
	private @Nullable Decision recordIfUnchanged(RateLimit limit, String bucket, byte[] seen, Instant now,
			boolean withTheSetting) {
		RecentEvents recent = RecentEvents.decode(seen);
		if (!recent.hasRoom(limit, now)) {
			return Decision.refused(recent.retryAfter(limit, now));
		}
		RecentEvents recorded = recent.with(limit, now);
		Object[] arguments = { recorded.encode(), at(recorded.newest()), bucket, seen };
		int count = withTheSetting ? recordWithoutWaitingForTheDisk(RECORD_IF_UNCHANGED, arguments)
				: this.jdbc.update(RECORD_IF_UNCHANGED, arguments);
		return (count == 1) ? Decision.ALLOWED : null;
	}

	/**
	 * A write outside a transaction block; on PostgreSQL after the setting, as one
	 * statement string that its driver sends in one round trip and before one sync.
	 * @return the write's row count
	 */
	private int recordWithoutWaitingForTheDisk(String write, Object... arguments) {
		if (!this.product.isPostgresql()) {
			return this.jdbc.update(write, arguments);
		}
		Integer count = this.jdbc.execute(ASYNCHRONOUS_COMMIT_OF_THE_NEXT_STATEMENT + "; " + write,
				(PreparedStatementCallback<Integer>) (statement) -> {
					new ArgumentPreparedStatementSetter(arguments).setValues(statement);
					statement.execute();
					statement.getMoreResults();
					return statement.getUpdateCount();
				});
		return (count != null) ? count : 0;
	}

	/**
	 * Reads the bucket's recent events and, if the window has room, records the event in
	 * the same row, exactly across instances. First without a lock: the event is recorded
	 * by an update that applies only while the row still holds what was read, so of
	 * concurrent decisions on one bucket one records and the others find the row changed.
	 * Those, and buckets from before V19, decide again under the bucket's row lock, which
	 * makes a concurrent decision wait for this one's commit and then read what it wrote.
	 * Uncontended, a decision is a read and one update instead of two updates: on H2 each
	 * update rewrites the row in every index of the table, on PostgreSQL it leaves a row
	 * version behind. A full window refuses at the read, writing nothing: concurrent
	 * decisions can only add events, never make room.
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
		Bucket read = this.product.isPostgresql() ? readOnPostgresql(READ, bucket, withoutWaitingForTheDisk)
				: this.jdbc.query(READ, (ResultSetExtractor<Bucket>) RateLimiter::bucket, bucket);
		if (read == null || !read.exists()) {
			// No bucket yet. Of concurrent first uses, the losers fail here and roll
			// back, then retry and find it.
			return create(limit, bucket, now);
		}
		byte[] seen = read.recentEvents();
		Decision unlocked = (seen != null) ? recordIfUnchanged(limit, bucket, seen, now, false) : null;
		if (unlocked != null) {
			return unlocked;
		}
		// Changed meanwhile, or from before V19: under the lock. The setting, if any,
		// holds for the whole transaction already.
		Bucket locked = this.product.isPostgresql() ? readOnPostgresql(LOCK_AND_READ_POSTGRESQL, bucket, false)
				: this.jdbc.query(LOCK_AND_READ_H2, (ResultSetExtractor<Bucket>) RateLimiter::bucket, bucket);
		if (locked == null || !locked.exists()) {
			// Purged since the read, its last event a day old.
			return create(limit, bucket, now);
		}
		RecentEvents recent = (locked.recentEvents() != null) ? RecentEvents.decode(locked.recentEvents())
				: eventsFromBeforeV19(limit, bucket);
		if (!recent.hasRoom(limit, now)) {
			return Decision.refused(recent.retryAfter(limit, now));
		}
		RecentEvents recorded = recent.with(limit, now);
		this.jdbc.update(RECORD, recorded.encode(), at(recorded.newest()), bucket);
		return Decision.ALLOWED;
	}

	/** A new bucket holding this one event. */
	private Decision create(RateLimit limit, String bucket, Instant now) {
		this.jdbc.update(CREATE, bucket, at(now), RecentEvents.NONE.with(limit, now).encode(), at(now));
		return Decision.ALLOWED;
	}

	/**
	 * A statement that reads a bucket, after the setting when there is one, as one
	 * statement string, which PostgreSQL's driver sends in one round trip.
	 */
	private @Nullable Bucket readOnPostgresql(String read, String bucket, boolean withoutWaitingForTheDisk) {
		String sql = (withoutWaitingForTheDisk ? ASYNCHRONOUS_COMMIT + "; " : "") + read;
		return this.jdbc.execute(sql, (PreparedStatementCallback<Bucket>) (statement) -> {
			statement.setString(1, bucket);
			statement.execute();
			if (withoutWaitingForTheDisk) {
				statement.getMoreResults();
			}
			try (ResultSet rows = statement.getResultSet()) {
				return bucket(rows);
			}
		});
	}

	private static Bucket bucket(ResultSet rows) throws SQLException {
		return rows.next() ? new Bucket(true, rows.getBytes(1)) : new Bucket(false, null);
	}

	private RecentEvents eventsFromBeforeV19(RateLimit limit, String bucket) {
		return RecentEvents
			.of(this.jdbc.queryForList(EVENTS_FROM_BEFORE_V19, OffsetDateTime.class, bucket, limit.maxEvents())
				.stream()
				.map(OffsetDateTime::toInstant)
				.toList());
	}

	/**
	 * Whether the bucket exists (and, read under the lock, is now locked), and its recent
	 * events if it has any.
	 */
	private record Bucket(boolean exists, byte @Nullable [] recentEvents) {

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
