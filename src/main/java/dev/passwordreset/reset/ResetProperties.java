package dev.passwordreset.reset;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the reset flows.
 *
 * @param otpPassword one-time passwords that an administrator has set
 * @param lockout what consecutive failed sign-ins do
 */
@Validated
@ConfigurationProperties("reset")
public record ResetProperties(@Valid @DefaultValue OtpPassword otpPassword, @Valid @DefaultValue Lockout lockout) {

	/**
	 * @param ttl how long a one-time password works; 24 hours by default
	 */
	public record OtpPassword(@DefaultValue("24h") @DurationMin(minutes = 1) @DurationMax(days = 30) Duration ttl) {
	}

	/**
	 * @param maxFailures consecutive failures that lock a user; 10 by default
	 * @param duration how long the lock lasts; 15 minutes by default
	 */
	public record Lockout(@DefaultValue("10") @Min(1) @Max(100) int maxFailures,
			@DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration duration) {
	}

}
