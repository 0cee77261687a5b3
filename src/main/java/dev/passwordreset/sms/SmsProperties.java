package dev.passwordreset.sms;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMS gateway ({@code reset.sms.*}). Without a gateway URL there is no SMS:
 * createOTP's {@code sms} channel is refused as unsupported.
 *
 * @param gatewayUrl where each message is POSTed as JSON; http or https, a host, an
 * optional port, path and query, no user info (credentials go in headers). Absent or
 * empty: SMS is off
 * @param headers extra request headers, typically the gateway's credentials
 * (reset.sms.headers.Authorization=Bearer ...); their values are never logged
 * @param sender the sender name or number, sent as the message's "from" when set; the
 * gateway's default otherwise
 * @param connectTimeout how long to wait for a connection to the gateway; 5 seconds by
 * default
 * @param readTimeout how long to wait for the gateway's answer once the request is sent;
 * 10 seconds by default. Both together must stay well under half of reset.mail.lease, or
 * a slow gateway could see a message twice
 */
@Validated
@ConfigurationProperties("reset.sms")
public record SmsProperties(
		@Size(max = 2000) @jakarta.validation.constraints.Pattern(regexp = URL,
				message = "must be an http or https URL with a host, an optional port, path and query, "
						+ "and no user info") @Nullable String gatewayUrl,
		@NotNull @DefaultValue Map<String, String> headers, @Size(max = 64) @Nullable String sender,
		@NotNull @DefaultValue("5s") @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration connectTimeout,
		@NotNull @DefaultValue("10s") @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration readTimeout) {

	/**
	 * Empty (off) or an absolute http(s) URL whose characters {@link URI} accepts as they
	 * are.
	 */
	static final String URL = "|https?://([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?"
			+ "(/[A-Za-z0-9._~!$&'()*+,;=:@%\\-]*)*(\\?[A-Za-z0-9._~!$&'()*+,;=:@%/?\\-]*)?";

	/** An HTTP token (RFC 9110), the form of a header name. */
	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

	/**
	 * Headers the client sets itself: the JDK's HTTP client refuses the first five, and
	 * the body is JSON whatever a header says.
	 */
	private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
			"upgrade", "content-type");

	public SmsProperties {
		headers = Map.copyOf(headers);
	}

	/** Whether a gateway is configured, and so whether SMS can be sent at all. */
	public boolean enabled() {
		return this.gatewayUrl != null && !this.gatewayUrl.isEmpty();
	}

	/** The gateway's address; only when {@link #enabled()}. */
	URI gatewayUri() {
		if (this.gatewayUrl == null || this.gatewayUrl.isEmpty()) {
			throw new IllegalStateException("reset.sms.gateway-url is not set");
		}
		return URI.create(this.gatewayUrl);
	}

	/**
	 * A rule over the map: each header has to be one an HTTP client can send, with a
	 * one-line value.
	 */
	@AssertTrue(message = "reset.sms.headers must name HTTP headers (not Host, Connection, Content-Length, "
			+ "Content-Type, Expect or Upgrade) with values of printable characters")
	public boolean isHeadersValid() {
		return this.headers.entrySet()
			.stream()
			.allMatch((header) -> HEADER_NAME.matcher(header.getKey()).matches()
					&& !RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))
					&& header.getValue().length() <= 4096
					&& header.getValue().chars().allMatch((c) -> c == '\t' || (c >= 0x20 && c != 0x7f)));
	}

	/**
	 * Names the headers but shows neither their values (credentials) nor the URL (its
	 * query may hold a key).
	 */
	@Override
	public String toString() {
		return "SmsProperties[enabled=" + enabled() + ", headers=" + this.headers.keySet() + ", sender=" + this.sender
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + "]";
	}

	/** The sender, when one is set. */
	@Nullable String senderOrNull() {
		return (this.sender != null && !this.sender.isBlank()) ? this.sender : null;
	}

}
