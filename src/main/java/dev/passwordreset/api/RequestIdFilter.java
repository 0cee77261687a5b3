package dev.passwordreset.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id before anything else runs, security included, so that even a
 * 401 carries the id that the logs carry.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

	/**
	 * Error dispatches are filtered too: a request that the container refuses before any
	 * filter runs (TRACE, for one) reaches the error page directly, and its answer still
	 * needs an id. An error dispatch after a normal one keeps the id it already has.
	 */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String assigned = RequestIds.of(request);
		String id = !assigned.isEmpty() ? assigned : RequestIds.accept(request.getHeader(RequestIds.HEADER));
		request.setAttribute(RequestIds.ATTRIBUTE, id);
		response.setHeader(RequestIds.HEADER, id);
		String outer = MDC.get("request_id");
		MDC.put("request_id", id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (outer != null) {
				MDC.put("request_id", outer);
			}
			else {
				MDC.remove("request_id");
			}
		}
	}

}
