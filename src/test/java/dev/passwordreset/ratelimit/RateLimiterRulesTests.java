package dev.passwordreset.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.passwordreset.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The limiter's rules that need no shared database: what a limit may be, how a lost race
 * is retried, and the rejection metric. The limiter runs on the real migration in an
 * in-memory H2 database, without a Spring context; RateLimiterTests proves the windows
 * and concurrency on the run's real database.
 */
class RateLimiterRulesTests {

	private static final EmbeddedDatabase DATABASE = rateLimitTables();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RateLimiter limiter = new RateLimiter(new JdbcTemplate(DATABASE),
			new DataSourceTransactionManager(DATABASE), this.clock, this.meters);

	private final RateLimit limit = new RateLimit("test_rules", 2, Duration.ofMinutes(10));

	@AfterAll
	static void dropTheDatabase() {
		DATABASE.shutdown();
	}

	@Test
	void aLimitNeedsANameAnEventAndAWindowOfAtMostADay() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(" ", 1, Duration.ofMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit("x", 0, Duration.ofMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit("x", 1, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit("x", 1, Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimit("x", 1, RateLimit.MAX_WINDOW.plusSeconds(1)));
		assertThat(new RateLimit("x", 1, RateLimit.MAX_WINDOW).window()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void aDeclaredLimitHasItsRejectionSeriesAtZeroAndEachRefusalCountsOnce() {
		this.limiter.declare(this.limit);
		assertThat(rejections()).isZero();
		String subject = "declared";
		this.limiter.tryAcquire(this.limit, subject);
		this.limiter.tryAcquire(this.limit, subject);
		assertThat(rejections()).as("allowed events are no rejections").isZero();
		RateLimiter.Decision refused = this.limiter.tryAcquire(this.limit, subject);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(10));
		assertThat(rejections()).isEqualTo(1.0);
	}

	@Test
	void writesThatLoseARaceAreRetriedInAFreshTransactionAndTheEventCountsOnce() {
		AtomicInteger runs = new AtomicInteger();
		RateLimiter.Decision decision = this.limiter.tryAcquire(this.limit, "raced", () -> {
			if (runs.incrementAndGet() == 1) {
				throw new DuplicateKeyException("a concurrent first use inserted the bucket");
			}
		});
		assertThat(decision.allowed()).isTrue();
		assertThat(runs).hasValue(2);
		assertThat(this.limiter.tryAcquire(this.limit, "raced").allowed()).as("the second of two events").isTrue();
		assertThat(this.limiter.tryAcquire(this.limit, "raced").allowed())
			.as("the rolled-back attempt left no event behind")
			.isFalse();
	}

	@Test
	void aRaceLostEveryTimeIsAnErrorAndCountsNoEvent() {
		AtomicInteger runs = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(() -> this.limiter.tryAcquire(this.limit, "always lost", () -> {
			runs.incrementAndGet();
			throw new DuplicateKeyException("lost again");
		})).withMessageContaining("test_rules").withCauseInstanceOf(DuplicateKeyException.class);
		assertThat(runs).hasValue(5);
		assertThat(this.limiter.tryAcquire(this.limit, "always lost").allowed()).isTrue();
		assertThat(this.limiter.tryAcquire(this.limit, "always lost").allowed()).isTrue();
	}

	@Test
	void aRefusedEventRunsNothingAndAnyOtherFailureIsNotRetried() {
		AtomicInteger runs = new AtomicInteger();
		this.limiter.tryAcquire(this.limit, "busy");
		this.limiter.tryAcquire(this.limit, "busy");
		assertThat(this.limiter.tryAcquire(this.limit, "busy", runs::incrementAndGet).allowed()).isFalse();
		assertThat(runs).hasValue(0);

		assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.tryAcquire(this.limit, "failing", () -> {
			runs.incrementAndGet();
			throw new IllegalArgumentException("the caller's own failure");
		}));
		assertThat(runs).hasValue(1);
	}

	@Test
	void theBucketIsADigestOfTheLimitAndSubjectThatNeitherCanBeReadFromNorConfusedAcross() {
		String key = RateLimiter.bucketKey(this.limit, "alice@example.com");
		assertThat(key).matches("[0-9a-f]{64}").doesNotContain("alice").doesNotContain("test_rules");
		assertThat(RateLimiter.bucketKey(new RateLimit("test_rule", 2, Duration.ofMinutes(10)), "salice@example.com"))
			.as("the name and subject are separated, not run together")
			.isNotEqualTo(key);
	}

	private double rejections() {
		return this.meters.get("rate.limit.rejections").tag("limit", "test_rules").counter().count();
	}

	private static EmbeddedDatabase rateLimitTables() {
		EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.build();
		new ResourceDatabasePopulator(new ClassPathResource("db/migration/V7__rate_limits.sql"),
				new ClassPathResource("db/migration/V19__rate_limit_recent_events.sql"))
			.execute(database);
		return database;
	}

}
