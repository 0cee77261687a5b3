package dev.passwordreset.api;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request that carries credentials while its client address or claimed access key id
 * is throttled, before any authentication filter checks them: a throttled client gets no more
 * guesses, and a right credential from it waits for the window like a wrong one. The refusal
 * goes to the face's entry point, which answers 429 in its own format. Not a bean, for the
 * reason {@code CallerAuthenticationFilters} gives.
 */
final class AuthenticationThrottleFilter extends OncePerRequestFilter {

	private final AuthenticationThrottle throttle;

	private final AuthenticationEntryPoint entryPoint;

	AuthenticationThrottleFilter(AuthenticationThrottle throttle, AuthenticationEntryPoint entryPoint) {
		this.throttle = throttle;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader("Authorization");
		if (authorization == null && request.getHeader("X-Auth-Token") == null) {
			// Nothing to check, so nothing to guess; a refusal for missing credentials is counted
			// and throttled where it is answered.
			chain.doFilter(request, response);
			return;
		}
		Optional<AuthenticationThrottle.Throttling> throttled;
		try {
			throttled = this.throttle.throttled(request.getRemoteAddr(),
					SecurityAuditing.claimedAccessKeyId(authorization));
		}
		catch (DataAccessException ex) {
			// The credentials need the same database; their check answers for it.
			throttled = Optional.empty();
		}
		if (throttled.isPresent()) {
			this.entryPoint.commence(request, response, new AuthenticationThrottledException(throttled.get()));
			return;
		}
		chain.doFilter(request, response);
	}

}
