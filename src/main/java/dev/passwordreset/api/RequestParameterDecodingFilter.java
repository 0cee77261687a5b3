package dev.passwordreset.api;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Decodes the parameters before anything else reads one, and refuses a request whose
 * parameters cannot be decoded (a broken escape such as {@code %E0%A4%A}, bytes that are
 * not valid in the charset, too many parameters) with a 400 in the owning face's format,
 * or a form body over the limit with a 413.
 * <p>
 * Tomcat throws the refusal from whichever {@code getParameter} call comes first, with a
 * message that quotes the parameter's value. Left to a controller or a filter, it would
 * escape to the container, which logs that message, password and all, at ERROR. Here it
 * is caught at once and logged by type only.
 * <p>
 * A form body is read here only where a handler takes forms; elsewhere it is never read,
 * and the handler's content-type check refuses it with a 415.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class RequestParameterDecodingFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(RequestParameterDecodingFilter.class);

	private final long limit;

	private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

	private volatile List<PathPattern> formRoutes;

	RequestParameterDecodingFilter(HttpProperties properties,
			ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this.limit = properties.maxRequestBodySize().toBytes();
		this.mappings = mappings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!isForm(request) || takesForms(request)) {
			try {
				request.getParameterMap();
			}
			catch (InvalidParameterException ex) {
				refuse(request, response, ex);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, InvalidParameterException ex)
			throws IOException {
		boolean tooLarge = isTooLarge(ex);
		logger.info("Refused {} request_id={}: its parameters cannot be decoded ({})", request.getMethod(),
				RequestIds.of(request), ex.getClass().getSimpleName());
		if (tooLarge) {
			ErrorPages.reject(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
					"request body is larger than " + this.limit + " bytes");
		}
		else {
			ErrorPages.reject(request, response, HttpServletResponse.SC_BAD_REQUEST,
					"the parameters cannot be decoded, or there are too many of them");
		}
	}

	/**
	 * Tomcat marks a form over its {@code maxPostSize} with 413, wrapped once for a
	 * chunked body.
	 */
	static boolean isTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidParameterException invalid
					&& invalid.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private boolean takesForms(HttpServletRequest request) {
		PathContainer path = PathContainer
			.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		return formRoutes().stream().anyMatch((pattern) -> pattern.matches(path));
	}

	/** The routes whose handlers consume forms: the pages, today. */
	private List<PathPattern> formRoutes() {
		List<PathPattern> routes = this.formRoutes;
		if (routes == null) {
			routes = this.mappings.orderedStream()
				.flatMap((mapping) -> mapping.getHandlerMethods().keySet().stream())
				.filter((info) -> info.getConsumesCondition()
					.getConsumableMediaTypes()
					.contains(MediaType.APPLICATION_FORM_URLENCODED))
				.map(RequestMappingInfo::getPathPatternsCondition)
				.filter((condition) -> condition != null)
				.flatMap((condition) -> condition.getPatterns().stream())
				.toList();
			this.formRoutes = routes;
		}
		return routes;
	}

}
