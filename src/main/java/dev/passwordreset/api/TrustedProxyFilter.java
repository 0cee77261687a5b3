package dev.passwordreset.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes {@link HttpServletRequest#getRemoteAddr()} the client's address for everything
 * after it: rate limits, the audit and the logs. That is the TCP peer, unless the peer is
 * one of {@code reset.trusted-proxies}; then the {@code Forwarded} header (RFC 7239), or
 * else {@code X-Forwarded-For}, is read from the right, skipping trusted proxies, and the
 * first address that is not one is the client. Anything but an IP literal ends the walk,
 * so a client behind a trusted proxy can add addresses to the header but never choose
 * which one counts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class TrustedProxyFilter extends OncePerRequestFilter {

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<IpAddressMatcher> trusted;

	TrustedProxyFilter(TrustedProxyProperties properties) {
		this.trusted = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String peer = request.getRemoteAddr();
		if (this.trusted.isEmpty() || !isTrusted(peer)) {
			chain.doFilter(request, response);
			return;
		}
		String client = clientBehind(peer, forwardedChain(request));
		chain.doFilter(client.equals(peer) ? request : new HttpServletRequestWrapper(request) {

			@Override
			public String getRemoteAddr() {
				return client;
			}

			@Override
			public String getRemoteHost() {
				return client;
			}

		}, response);
	}

	/** The addresses the proxies report, nearest last, as they appear in the request. */
	private static List<String> forwardedChain(HttpServletRequest request) {
		List<String> forwarded = new ArrayList<>();
		List<String> rfc7239 = Collections.list(request.getHeaders("Forwarded"));
		if (!rfc7239.isEmpty()) {
			for (String header : rfc7239) {
				for (String element : header.split(",")) {
					forwarded.add(forValue(element));
				}
			}
			return forwarded;
		}
		for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
			for (String hop : header.split(",")) {
				forwarded.add(hop.strip());
			}
		}
		return forwarded;
	}

	/**
	 * The {@code for} parameter of one {@code Forwarded} element, without quotes, port or
	 * brackets.
	 */
	private static String forValue(String element) {
		for (String pair : element.split(";")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("for")) {
				String value = pair.substring(equals + 1).strip();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				if (value.startsWith("[")) {
					int close = value.indexOf(']');
					return (close > 0) ? value.substring(1, close) : "";
				}
				int colon = value.indexOf(':');
				return (colon > 0 && value.indexOf(':', colon + 1) < 0) ? value.substring(0, colon) : value;
			}
		}
		return "";
	}

	private String clientBehind(String peer, List<String> forwarded) {
		String client = peer;
		for (int i = forwarded.size() - 1; i >= 0 && isTrusted(client); i--) {
			String hop = forwarded.get(i);
			if (!isIpLiteral(hop)) {
				break;
			}
			client = hop;
		}
		return client;
	}

	private boolean isTrusted(@Nullable String address) {
		// Only literals reach the matcher, which would otherwise resolve a host name.
		return address != null && isIpLiteral(address)
				&& this.trusted.stream().anyMatch((matcher) -> matcher.matches(address));
	}

	private static boolean isIpLiteral(String value) {
		return value.length() <= 45 && (IPV4.matcher(value).matches() || IPV6.matcher(value).matches());
	}

}
