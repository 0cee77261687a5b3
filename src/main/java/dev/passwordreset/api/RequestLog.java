package dev.passwordreset.api;

import java.io.IOException;

import dev.passwordreset.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * One INFO line per request: method, URI template, status, duration, request id and calling
 * account. The template, never the path or the query, so that no id, token or name lands in the
 * log; requests that matched no handler (unknown paths, and refusals by a security filter) show
 * as {@code [unmatched]}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class RequestLog extends OncePerRequestFilter implements WebMvcConfigurer {

	static final String ACCOUNT_ATTRIBUTE = RequestLog.class.getName() + ".account";

	private static final Logger logger = LoggerFactory.getLogger(RequestLog.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (logger.isInfoEnabled()) {
				Object template = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
				Object account = request.getAttribute(ACCOUNT_ATTRIBUTE);
				logger.info("{} {} {} {}ms request_id={} account={}", request.getMethod(),
						(template != null) ? template : "[unmatched]", response.getStatus(),
						(System.nanoTime() - started) / 1_000_000, RequestIds.of(request),
						(account != null) ? account : "-");
			}
		}
	}

	/** The caller is known only inside the security chain; the handler notes it for the log. */
	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
				if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
					request.setAttribute(ACCOUNT_ATTRIBUTE, caller.accountId());
				}
				return true;
			}

		});
	}

}
