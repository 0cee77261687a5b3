package dev.passwordreset.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A bucket's recent events without a database: what a limit decides from them, and what
 * the bucket keeps.
 */
class RecentEventsTests {

	static final Instant NOW = Instant.parse("2026-12-03T00:00:00.123456Z");

	static final RateLimit THREE_AN_HOUR = new RateLimit("test", 3, Duration.ofHours(1));

	@Test
	void eachEventIsEightBytesOfMicrosecondsAndReadsBackTheSame() {
		RecentEvents events = RecentEvents.NONE.with(THREE_AN_HOUR, NOW).with(THREE_AN_HOUR, NOW.plusNanos(1_000));
		byte[] bytes = events.encode();
		assertThat(bytes).hasSize(16);
		RecentEvents read = RecentEvents.decode(bytes);
		assertThat(read.size()).isEqualTo(2);
		assertThat(read.newest()).isEqualTo(NOW.plusNanos(1_000));
		assertThat(read.encode()).isEqualTo(bytes);
	}

	@Test
	void aColumnThatIsNotWholeTimesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RecentEvents.decode(new byte[12]))
			.withMessageContaining("12 bytes");
	}

	@Test
	void theWindowHasRoomUntilItHoldsTheMaximumAndItsStartIsExcluded() {
		RecentEvents events = RecentEvents
			.of(List.of(NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(60), NOW.minusSeconds(30)));
		assertThat(events.hasRoom(THREE_AN_HOUR, NOW)).as("the first lies exactly at the window's start").isTrue();
		RecentEvents full = events.with(THREE_AN_HOUR, NOW);
		assertThat(full.hasRoom(THREE_AN_HOUR, NOW)).isFalse();
		assertThat(full.retryAfter(THREE_AN_HOUR, NOW)).isEqualTo(Duration.ofMinutes(59));
		assertThat(full.hasRoom(THREE_AN_HOUR, NOW.plus(Duration.ofMinutes(59)))).isTrue();
	}

	@Test
	void aBucketKeepsOnlyAsManyAsTheLimitAllowsDroppingTheOldest() {
		RecentEvents events = RecentEvents.NONE;
		for (int minute = 0; minute < 10; minute++) {
			Instant at = NOW.plus(Duration.ofMinutes(61L * minute));
			assertThat(events.hasRoom(THREE_AN_HOUR, at)).isTrue();
			events = events.with(THREE_AN_HOUR, at);
		}
		assertThat(events.size()).isEqualTo(3);
		assertThat(events.newest()).isEqualTo(NOW.plus(Duration.ofMinutes(61L * 9)));
	}

	@Test
	void timesAppendedOutOfOrderByInstancesWithSkewedClocksAreCountedInOrder() {
		RecentEvents skewed = RecentEvents.of(List.of(NOW.minusSeconds(10), NOW.minusSeconds(50)))
			.with(THREE_AN_HOUR, NOW.minusSeconds(30));
		RecentEvents read = RecentEvents.decode(skewed.encode());
		assertThat(read.newest()).isEqualTo(NOW.minusSeconds(10));
		assertThat(read.retryAfter(THREE_AN_HOUR, NOW)).as("the oldest, 50 s ago, must leave first")
			.isEqualTo(Duration.ofMinutes(59).plusSeconds(10));
	}

	@Test
	void aLimitLoweredSinceTheEventsWereKeptStillCountsTheNewestAndTrimsOnTheNextEvent() {
		RecentEvents five = RecentEvents.of(List.of(NOW.minus(Duration.ofMinutes(90)), NOW.minusSeconds(400),
				NOW.minusSeconds(300), NOW.minusSeconds(200), NOW.minusSeconds(100)));
		RateLimit two = new RateLimit("test", 2, Duration.ofMinutes(5));
		assertThat(five.hasRoom(two, NOW)).as("200 s and 100 s ago").isFalse();
		assertThat(five.retryAfter(two, NOW)).isEqualTo(Duration.ofSeconds(100));
		Instant later = NOW.plusSeconds(100);
		assertThat(five.hasRoom(two, later)).isTrue();
		RecentEvents trimmed = five.with(two, later);
		assertThat(trimmed.size()).isEqualTo(2);
		assertThat(trimmed.hasRoom(two, later)).isFalse();
	}

	@Test
	void aWindowWithRoomNeedsNoWait() {
		assertThat(RecentEvents.NONE.retryAfter(THREE_AN_HOUR, NOW)).isZero();
	}

}
