package dev.passwordreset.api;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many failed caller authentications (on {@code /v1}, {@code /oam} and the actuator)
 * are allowed before further requests are refused with 429 without their credentials
 * being checked.
 *
 * @param perAddress failures from one client address
 * @param perAccessKey failures that claimed one access key id, from any address
 * @param exemptAddresses client addresses or CIDR ranges whose failures are neither
 * counted nor throttled, such as a monitoring host; empty by default
 */
@Validated
@ConfigurationProperties("reset.security.authentication-throttle")
record AuthenticationThrottleProperties(@Valid @DefaultValue Limit perAddress, @Valid @DefaultValue Limit perAccessKey,
		@DefaultValue( {
		}) @Size(max = 100) List<@Pattern(
				regexp = "(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
						+ "|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?",
				message = "must be an IPv4 or IPv6 address or CIDR range, such as 10.0.0.0/8") String> exemptAddresses){

	/**
	 * @param maxFailures failures allowed in any sliding window; 20 by default
	 * @param window the window's length; 5 minutes by default, at most a day
	 */
	record Limit(@DefaultValue("20") @Min(1) @Max(10_000) int maxFailures,
			@DefaultValue("5m") @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
	}

}
