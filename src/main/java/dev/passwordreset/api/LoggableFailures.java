package dev.passwordreset.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.HandlerMapping;

/**
 * What a log line may say about a failed request: the exception's type, where it was
 * thrown and which route it hit. Exception messages are left out, because the framework's
 * and the container's quote the input (a parameter that would not decode, a value that
 * would not convert, a header), and that input may be a password or a reset token. The
 * route is the URI template, never the path or the query.
 */
public final class LoggableFailures {

	/** Stands in for the template of a request that no handler matched. */
	static final String UNMATCHED = "[unmatched]";

	private LoggableFailures() {
	}

	/** The URI template of the handler that took the request, or {@code [unmatched]}. */
	public static String routeOf(HttpServletRequest request) {
		Object template = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (template instanceof String value) ? value : UNMATCHED;
	}

	/**
	 * A copy of {@code failure} and its causes with the same types and stack traces but
	 * no messages, for logging a failure that nobody expected without logging what the
	 * caller sent.
	 */
	public static Throwable withoutMessages(Throwable failure) {
		return copy(failure, 0);
	}

	private static Throwable copy(Throwable failure, int depth) {
		Throwable cause = failure.getCause();
		Throwable copiedCause = (cause != null && cause != failure && depth < 16) ? copy(cause, depth + 1) : null;
		Throwable copy = new Throwable(failure.getClass().getName(), copiedCause, false, true) {

			@Override
			public String toString() {
				return getMessage();
			}

		};
		copy.setStackTrace(failure.getStackTrace());
		return copy;
	}

}
