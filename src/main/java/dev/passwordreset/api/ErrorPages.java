package dev.passwordreset.api;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Hands an error to the container's error page with a message of our own. Messages that
 * the container or the framework attach are never shown, because they can name internals.
 */
public final class ErrorPages {

	static final String MESSAGE_ATTRIBUTE = ErrorPages.class.getName() + ".message";

	private ErrorPages() {
	}

	public static void reject(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException {
		request.setAttribute(MESSAGE_ATTRIBUTE, message);
		response.sendError(status);
	}

	/**
	 * What to tell a caller about a status when nothing more specific is known.
	 */
	public static String defaultMessage(int status) {
		return switch (status) {
			case 400 -> "the request is malformed";
			case 404 -> "no such resource";
			case 405 -> "this method is not allowed on this resource";
			case 406 -> "only application/json responses are available";
			case 413 -> "the request body is too large";
			case 415 -> "the content type is not supported; send application/json";
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				yield (known != null) ? known.getReasonPhrase().toLowerCase() : "the request failed";
			}
		};
	}

	static @Nullable String messageOf(HttpServletRequest request) {
		Object message = request.getAttribute(MESSAGE_ATTRIBUTE);
		return (message instanceof String value) ? value : null;
	}

	static String originalPath(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (uri instanceof String value) ? value : request.getRequestURI();
		String context = request.getContextPath();
		return (!context.isEmpty() && path.startsWith(context)) ? path.substring(context.length()) : path;
	}

}
