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
 * @param publicBaseUrl where users reach this service, such as {@code https://reset.example.com}: reset
 * links are built from it, never from a request's Host header; http or https, a host, an optional path,
 * no query or fragment, no trailing slash
 */
@Validated
@ConfigurationProperties("reset")
public record ResetProperties(@Valid @DefaultValue OtpPassword otpPassword, @Valid @DefaultValue Lockout lockout,
		@Valid @DefaultValue ResetLink resetLink, @Valid @DefaultValue SelfService selfService,
		@Valid @DefaultValue AdministratorResets administratorResets,
		@DefaultValue("http://localhost:8080") @NotNull @Size(max = 200)
		@Pattern(regexp = "https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\\-]+)*",
				message = "must be an http or https URL with a host, an optional path, no query and no trailing slash")
		String publicBaseUrl) {

	/**
	 * @param ttl how long a one-time password works; 24 hours by default
	 * @param maskInResponse whether the answer shows only the first four characters and
	 * {@code ***}, as in Huawei's example {@code pass***}; the password itself then goes to the
	 * user's primary email, its only other channel. False by default
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
	 * @param enabled whether {@code POST /v1/password-resets} and the "forgot password" page take
	 * requests; true by default
	 * @param perUser reset mails one user can be sent this way
	 * @param perAddress requests one client address can make
	 */
	public record SelfService(@DefaultValue("true") boolean enabled, @Valid @DefaultValue PerUser perUser,
			@Valid @DefaultValue PerAddress perAddress) {
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
	 * A cap on resets of one user by administrators, so that no caller can flood a user's inbox
	 * with links or notices (security requirement 11).
	 * @param maxPerUser resets of one user in any window; 10 by default
	 * @param window the sliding window, at most a day; 1 hour by default
	 */
	public record AdministratorResets(@DefaultValue("10") @Min(1) @Max(100000) int maxPerUser,
			@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
	}

}
