package dev.passwordreset.api;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which peers may say who the client is.
 *
 * @param trustedProxies the reverse proxies (reset.trusted-proxies) whose X-Forwarded-For
 * and Forwarded headers are believed: IPv4 or IPv6 addresses or CIDR ranges, such as
 * 10.0.0.0/8. Empty by default: the client is the TCP peer, and nobody escapes a
 * per-address limit by sending such a header
 */
@Validated
@ConfigurationProperties("reset")
record TrustedProxyProperties(@DefaultValue( {
	}) @Size(max = 100) List<@Pattern(
			regexp = "(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
					+ "|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?",
			message = "must be an IPv4 or IPv6 address or CIDR range, such as 10.0.0.0/8") String> trustedProxies){
}
