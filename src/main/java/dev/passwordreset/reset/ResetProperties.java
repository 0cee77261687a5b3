package dev.passwordreset.reset;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
 * @param resetLink emailed reset links
 * @param selfService the unauthenticated "forgot password" requests
 * @param administratorResets resets an administrator starts (OTP and EMAIL mode)
 * @param publicBaseUrl where users reach this service, such as https://reset.example.com:
 * reset links are built from it, never from a request's Host header; http or https, a
 * host, an optional path, no query or fragment, no trailing slash
 */
@Validated
@ConfigurationProperties("reset")
public record ResetProperties(@Valid @DefaultValue OtpPassword otpPassword, @Valid @DefaultValue Lockout lockout,
		@Valid @DefaultValue ResetLink resetLink, @Valid @DefaultValue SelfService selfService,
		@Valid @DefaultValue AdministratorResets administratorResets,
		@DefaultValue("http://localhost:8080") @NotNull @Size(max = 200) @Pattern(
				regexp = "https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\\-]+)*",
				message = "must be an http or https URL with a host, an optional path, no query and no trailing slash") String publicBaseUrl) {

	/**
	 * @param ttl how long a one-time password works; 24 hours by default
	 * @param maskInResponse whether the answer shows only the first four characters and
	 * ***, as in Huawei's example pass***; the password itself then goes to the user's
	 * primary email, its only other channel. False by default
	 */
	public record OtpPassword(@DefaultValue("24h") @DurationMin(minutes = 1) @DurationMax(days = 30) Duration ttl,
			@DefaultValue("false") boolean maskInResponse) {
	}

	/**
	 * @param ttl how long an emailed reset link works; 1 hour by default
	 */
	public record ResetLink(@DefaultValue("1h") @DurationMin(minutes = 1) @DurationMax(days = 7) Duration ttl) {
	}

	/**
	 * @param maxFailures consecutive failures that lock a user; 10 by default
	 * @param duration how long the lock lasts; 15 minutes by default
	 */
	public record Lockout(@DefaultValue("10") @Min(1) @Max(100) int maxFailures,
			@DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration duration) {
	}

	/**
	 * @param enabled whether POST /v1/password-resets and the "forgot password" page take
	 * requests; true by default
	 * @param perUser reset mails one user can be sent this way
	 * @param perAddress requests one client address can make
	 * @param worker the processing of accepted requests, which are stored until then
	 */
	public record SelfService(@DefaultValue("true") boolean enabled, @Valid @DefaultValue PerUser perUser,
			@Valid @DefaultValue PerAddress perAddress, @Valid @DefaultValue Worker worker) {
	}

	/**
	 * The worker that processes stored self-service requests. Each instance's worker
	 * takes the requests of every instance, so instances share the work.
	 *
	 * @param enabled whether this instance processes requests; true by default. Requests
	 * are accepted and stored either way, for the instances that do
	 * @param threads how many requests this instance processes at once; 2 by default
	 * @param pollInterval the longest pause between two looks for requests; 1 second by
	 * default. A request accepted by this instance wakes its worker at once; this
	 * interval is how soon requests of other instances, and retries, are seen
	 * @param batchSize how many requests one look claims at most; 20 by default
	 * @param lease how long a claim lasts: after it, another worker may take the request
	 * over; 1 minute by default
	 * @param initialBackoff the wait after the first failed attempt, doubled after each
	 * further one; 5 seconds by default
	 * @param maxBackoff the longest wait between attempts; 5 minutes by default
	 * @param maxAttempts the attempts after which a request is given up, deleted and
	 * audited; 5 by default
	 */
	public record Worker(@DefaultValue("true") boolean enabled, @DefaultValue("2") @Min(1) @Max(32) int threads,
			@DefaultValue("1s") @DurationMin(millis = 10) @DurationMax(minutes = 10) Duration pollInterval,
			@DefaultValue("20") @Min(1) @Max(1000) int batchSize,
			@DefaultValue("1m") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration lease,
			@DefaultValue("5s") @DurationMin(millis = 10) @DurationMax(hours = 1) Duration initialBackoff,
			@DefaultValue("5m") @DurationMin(millis = 10) @DurationMax(days = 1) Duration maxBackoff,
			@DefaultValue("5") @Min(1) @Max(100) int maxAttempts) {

		/** The wait after the given number of failed attempts (1 or more). */
		Duration backoffAfter(int failedAttempts) {
			Duration wait = this.initialBackoff;
			for (int i = 1; i < failedAttempts && wait.compareTo(this.maxBackoff) < 0; i++) {
				wait = wait.multipliedBy(2);
			}
			return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
		}

	}

	/**
	 * @param maxRequests reset mails in any window; 5 by default
	 * @param window the sliding window, at most a day; 1 hour by default
	 */
	public record PerUser(@DefaultValue("5") @Min(1) @Max(100000) int maxRequests,
			@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
	}

	/**
	 * @param maxRequests requests in any window; 20 by default
	 * @param window the sliding window, at most a day; 1 hour by default
	 */
	public record PerAddress(@DefaultValue("20") @Min(1) @Max(100000) int maxRequests,
			@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
	}

	/**
	 * A cap on resets of one user by administrators, so that no caller can flood a user's
	 * inbox with links or notices (security requirement 11).
	 *
	 * @param maxPerUser resets of one user in any window; 10 by default
	 * @param window the sliding window, at most a day; 1 hour by default
	 */
	public record AdministratorResets(@DefaultValue("10") @Min(1) @Max(100000) int maxPerUser,
			@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
	}

}
