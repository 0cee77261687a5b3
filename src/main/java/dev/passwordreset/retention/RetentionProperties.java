package dev.passwordreset.retention;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long rows that can no longer be used are kept ({@code reset.retention.*}).
 *
 * @param period how long a one-time code or a reset link is kept once it has expired, and
 * a mail or text once it was sent or given up; 7 days by default. Until then a spent code
 * or link is still told apart from an unknown one, and support can see that a mail went
 * out
 * @param interval how often each instance deletes what has passed the period; 1 hour by
 * default. The first run is one interval after the start
 * @param batchSize rows deleted per statement, each statement a transaction of its own so
 * that no lock is held long; 1,000 by default
 */
@Validated
@ConfigurationProperties("reset.retention")
record RetentionProperties(@NotNull @DurationMin(minutes = 1) @DefaultValue("7d") Duration period,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration interval,
		@Min(1) @Max(100_000) @DefaultValue("1000") int batchSize) {
}
