package dev.passwordreset.api;

import java.io.IOException;

import dev.passwordreset.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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
 * One INFO line per request: method, URI template, status, duration, request id and
 * calling account. The template, never the path or the query, so that no id, token or
 * name lands in the log; requests that matched no handler (unknown paths, and refusals by
 * a security filter or by the container) show as {@code [unmatched]}.
 * <p>
 * The line is written by Tomcat's access-log hook, once the response is complete, so its
 * status is the one sent: also when a filter refused the request, when the container
 * answered it before any filter ran, and when an error page was rendered after
 * {@code sendError} or an exception. The filter only notes the template, which the error
 * page's own dispatch would otherwise replace.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class RequestLog extends OncePerRequestFilter
		implements WebMvcConfigurer, WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	static final String ACCOUNT_ATTRIBUTE = RequestLog.class.getName() + ".account";

	private static final String TEMPLATE_ATTRIBUTE = RequestLog.class.getName() + ".template";

	private static final Logger logger = LoggerFactory.getLogger(RequestLog.class);

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addEngineValves(new Valve());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			Object template = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			if (template != null) {
				request.setAttribute(TEMPLATE_ATTRIBUTE, template);
			}
		}
	}

	/**
	 * The caller is known only inside the security chain; the handler notes it for the
	 * log.
	 */
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

	/**
	 * Tomcat calls {@link #log} for every request, after the response is complete,
	 * whatever answered it; on the engine, so once per request.
	 */
	static final class Valve extends ValveBase implements AccessLog {

		Valve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			getNext().invoke(request, response);
		}

		@Override
		public void log(Request request, Response response, long time) {
			if (logger.isInfoEnabled()) {
				Object template = request.getAttribute(TEMPLATE_ATTRIBUTE);
				Object account = request.getAttribute(ACCOUNT_ATTRIBUTE);
				String id = RequestIds.of(request);
				if (id.isEmpty() && response.getHeader(RequestIds.HEADER) != null) {
					id = response.getHeader(RequestIds.HEADER);
				}
				logger.info("{} {} {} {}ms request_id={} account={}", request.getMethod(),
						(template != null) ? template : LoggableFailures.UNMATCHED, response.getStatus(),
						time / 1_000_000, id, (account != null) ? account : "-");
			}
		}

		@Override
		public void setRequestAttributesEnabled(boolean requestAttributesEnabled) {
			// The line uses no forwarded attributes.
		}

		@Override
		public boolean getRequestAttributesEnabled() {
			return false;
		}

	}

}
