package dev.passwordreset.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.passwordreset.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge's loop without a database: tables that count what they are asked to delete.
 * What each table deletes is proved on both databases by the tables' own tests and by
 * RetentionJourneyTests.
 */
class RetentionPurgeTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void eachTableIsAskedBatchAfterBatchUntilOneComesBackShortWithTheCutoffOneRetentionPeriodAgo() {
		RecordingTable codes = new RecordingTable("one_time_code", 7);
		RecordingTable mails = new RecordingTable("mail_outbox", 0);
		RetentionPurge purge = purge(3, codes, mails);

		assertThat(purge.purge()).isEqualTo(7);

		assertThat(codes.limits).containsExactly(3, 3, 3);
		assertThat(codes.cutoffs).containsOnly(this.clock.instant().minus(Duration.ofDays(7)));
		assertThat(mails.limits).containsExactly(3);
		assertThat(this.meters.counter("reset.retention.deleted", "table", "one_time_code").count()).isEqualTo(7);
		assertThat(this.meters.counter("reset.retention.deleted", "table", "mail_outbox").count())
			.as("there at zero from the start")
			.isZero();
	}

	@Test
	void aBatchThatFillsTheLimitExactlyIsFollowedByOneThatFindsNothing() {
		RecordingTable tokens = new RecordingTable("reset_token", 6);
		assertThat(purge(3, tokens).purge()).isEqualTo(6);
		assertThat(tokens.limits).containsExactly(3, 3, 3);
	}

	@Test
	void aTableThatFailsIsLeftForTheNextRunAndTheOthersAreStillPurged() {
		RecordingTable failing = new RecordingTable("one_time_code", 5) {
			@Override
			public int deleteUnusableBefore(Instant cutoff, int limit) {
				throw new DataAccessResourceFailureException("database away");
			}
		};
		RecordingTable tokens = new RecordingTable("reset_token", 2);
		RetentionPurge purge = purge(10, failing, tokens);

		assertThat(purge.purge()).isEqualTo(2);
		assertThat(tokens.remaining).isZero();
	}

	@Test
	void aRunStopsAfterItsCurrentBatchWhenTheApplicationClosesAndTheNextInstanceRunDoesTheRest() {
		List<RetentionPurge> purges = new ArrayList<>();
		RecordingTable codes = new RecordingTable("one_time_code", 1_000_000) {
			@Override
			public int deleteUnusableBefore(Instant cutoff, int limit) {
				if (this.limits.size() == 2) {
					purges.get(0).stop();
				}
				return super.deleteUnusableBefore(cutoff, limit);
			}
		};
		RecordingTable mails = new RecordingTable("mail_outbox", 5);
		purges.add(purge(10, codes, mails));

		assertThat(purges.get(0).purge()).isEqualTo(30);
		assertThat(codes.limits).hasSize(3);
		assertThat(mails.limits).as("the tables after it wait for the next run").isEmpty();
		assertThat(purge(1_000_000, codes, mails).purge()).isEqualTo(1_000_000 - 30 + 5);
	}

	@Test
	void theNextRunUsesTheClockOfItsOwnTime() {
		RecordingTable codes = new RecordingTable("one_time_code", 0);
		RetentionPurge purge = purge(10, codes);
		purge.purge();
		this.clock.advance(Duration.ofHours(1));
		purge.purge();
		assertThat(codes.cutoffs).containsExactly(Instant.parse("2026-11-26T09:00:00Z"),
				Instant.parse("2026-11-26T10:00:00Z"));
	}

	private RetentionPurge purge(int batchSize, ExpiredRows... tables) {
		return new RetentionPurge(List.of(tables),
				new RetentionProperties(Duration.ofDays(7), Duration.ofHours(1), batchSize), this.clock, this.meters);
	}

	/** A table with some rows to delete, which records what it was asked. */
	static class RecordingTable implements ExpiredRows {

		private final String table;

		int remaining;

		final List<Integer> limits = new ArrayList<>();

		final List<Instant> cutoffs = new ArrayList<>();

		RecordingTable(String table, int rows) {
			this.table = table;
			this.remaining = rows;
		}

		@Override
		public String table() {
			return this.table;
		}

		@Override
		public int deleteUnusableBefore(Instant cutoff, int limit) {
			this.limits.add(limit);
			this.cutoffs.add(cutoff);
			int deleted = Math.min(limit, this.remaining);
			this.remaining -= deleted;
			return deleted;
		}

	}

}
