package dev.passwordreset.otp;

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
 * Settings of one-time codes. They sit under {@code reset.oam.otp} because Oracle Access
 * Manager's createOTP is what issues them.
 *
 * @param length digits per code, 6 to 10; 6 by default (20 bits, so guesses are capped
 * and issuing is rate-limited)
 * @param ttl how long a code works; 10 minutes by default, the most ASVS allows for an
 * emailed code
 * @param maxAttempts wrong guesses after which a code is dead, even for the right code; 5
 * by default
 * @param issueLimit how many codes one user may be sent
 */
@Validated
@ConfigurationProperties("reset.oam.otp")
public record OneTimePasswordProperties(@DefaultValue("6") @Min(6) @Max(10) int length,
		@DefaultValue("10m") @DurationMin(seconds = 30) @DurationMax(hours = 24) Duration ttl,
		@DefaultValue("5") @Min(1) @Max(100) int maxAttempts, @Valid @DefaultValue IssueLimit issueLimit) {

	/**
	 * Codes per user in any sliding window, on all instances together, so nobody can
	 * flood an inbox or collect codes to guess against.
	 *
	 * @param maxCodes codes allowed in one window; 5 by default
	 * @param window the window's length, up to a day; 15 minutes by default
	 */
	public record IssueLimit(@DefaultValue("5") @Min(1) @Max(1000) int maxCodes,
			@DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
	}

}
