package dev.passwordreset.api;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel page and its JSON error body, which would show
 * exception messages and paths. Each face renders errors on its own paths (the pages as
 * HTML); other paths get the first face's JSON format.
 */
@RestController
class ErrorPageController implements ErrorController {

	private final List<ErrorPageRenderer> renderers;

	ErrorPageController(List<ErrorPageRenderer> renderers) {
		this.renderers = renderers;
	}

	@RequestMapping("${server.error.path:/error}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		int status = statusOf(request);
		String path = ErrorPages.originalPath(request);
		ErrorPageRenderer renderer = this.renderers.stream()
			.filter((candidate) -> candidate.owns(path))
			.findFirst()
			.orElse(this.renderers.get(0));
		String message = ErrorPages.messageOf(request);
		response.resetBuffer();
		SecurityHeaders.writeIfMissing(request, response);
		renderer.render(request, response, status, (message != null) ? message : ErrorPages.defaultMessage(status));
	}

	private static int statusOf(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (status == null) {
			// Someone asked for the error path itself: there is nothing there.
			return 404;
		}
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& DatabaseFailures.isDatabaseUnavailable(failure)) {
			// A filter (the caller's authentication, the rate limits) lost the database:
			// worth a retry, as the faces' handlers answer the same failure in a
			// controller.
			return 503;
		}
		return (status instanceof Integer code && code >= 400) ? code : 500;
	}

}
