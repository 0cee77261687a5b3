package dev.passwordreset.api;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.OpenApiResourceNotFoundException;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractHandlerExceptionResolver;

/**
 * Every exception a handler throws is answered here or by a face's own exception handler,
 * and none is logged with its message. Spring's resolvers warn with the exception's
 * message, which quotes the input ({@code Failed to convert value ... "the value"}, an
 * invalid {@code Content-Type} with its charset), so their warnings are turned off; what
 * nobody handled, on the pages, the actuator or {@code /error}, is answered through the
 * error page in the owning face's format instead of escaping to the container, which
 * would log it at ERROR with its message and stack.
 */
@Configuration(proxyBeanMethods = false)
class ExceptionResolverConfiguration implements WebMvcConfigurer {

	@Override
	public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
		for (HandlerExceptionResolver resolver : resolvers) {
			if (resolver instanceof AbstractHandlerExceptionResolver logging) {
				logging.setWarnLogCategory(null);
			}
		}
		resolvers.add(new LastResolver());
	}

	/**
	 * springdoc answers an unknown API group with a body of its own that quotes the
	 * group; here it is a 404 like any other.
	 */
	@RestControllerAdvice
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class ApiDescriptionNotFound {

		@ExceptionHandler
		void notFound(OpenApiResourceNotFoundException ex, HttpServletRequest request, HttpServletResponse response)
				throws IOException {
			ErrorPages.reject(request, response, HttpServletResponse.SC_NOT_FOUND,
					ErrorPages.defaultMessage(HttpServletResponse.SC_NOT_FOUND));
		}

	}

	/** Answers whatever the resolvers before it left, logging by type and route only. */
	static final class LastResolver implements HandlerExceptionResolver {

		private static final Logger logger = LoggerFactory.getLogger(ExceptionResolverConfiguration.class);

		@Override
		public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
				@Nullable Object handler, Exception ex) {
			int status = statusOf(ex);
			String route = LoggableFailures.routeOf(request);
			String handlerName = (handler instanceof HandlerMethod method) ? method.getShortLogMessage() : "-";
			if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
				logger.warn("{} unavailable for {} {} in {}: {}", DatabaseFailures.whatWasUnavailable(ex),
						request.getMethod(), route, handlerName, ex.getClass().getSimpleName());
			}
			else if (status >= 500) {
				logger.error("Unexpected failure of {} {} in {}", request.getMethod(), route, handlerName,
						LoggableFailures.withoutMessages(ex));
			}
			else {
				logger.info("Refused {} {} in {}: {}", request.getMethod(), route, handlerName,
						ex.getClass().getSimpleName());
			}
			if (response.isCommitted()) {
				return new ModelAndView();
			}
			try {
				response.resetBuffer();
				if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
					// An outage: the same request may be sent again.
					response.setHeader("Retry-After", "1");
				}
				ErrorPages.reject(request, response, status, ErrorPages.defaultMessage(status));
			}
			catch (IOException | IllegalStateException failure) {
				logger.debug("Could not answer a failed request: {}", failure.getClass().getSimpleName());
			}
			return new ModelAndView();
		}

		private static int statusOf(Exception ex) {
			if (ex instanceof InvalidParameterException) {
				return RequestParameterDecodingFilter.isTooLarge(ex) ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE
						: HttpServletResponse.SC_BAD_REQUEST;
			}
			if (ex instanceof ErrorResponse refusal) {
				return refusal.getStatusCode().value();
			}
			if (DatabaseFailures.isDatabaseUnavailable(ex)) {
				// The actuator's health, say, while the database restarts: not a bug.
				return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
			}
			return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		}

	}

}
