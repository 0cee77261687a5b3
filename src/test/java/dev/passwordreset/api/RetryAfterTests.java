package dev.passwordreset.api;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	@Test
	void aWaitIsRoundedUpToWholeSecondsSoThatNobodyComesBackTooEarly() {
		assertThat(RetryAfter.seconds(Duration.ofMillis(2001))).isEqualTo(3);
		assertThat(RetryAfter.seconds(Duration.ofSeconds(2))).isEqualTo(2);
		assertThat(RetryAfter.header(Duration.ofNanos(1))).isEqualTo("1");
	}

	@Test
	void evenNoWaitAsksForAtLeastOneSecond() {
		assertThat(RetryAfter.seconds(Duration.ZERO)).isEqualTo(1);
		assertThat(RetryAfter.seconds(Duration.ofMillis(-5))).isEqualTo(1);
	}

}
