package dev.passwordreset.api;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

/**
 * The id of a request, as echoed in {@code X-Request-Id} and in every error body.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";

	static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

	/**
	 * A client's own id is kept only when it cannot smuggle anything into logs or
	 * headers.
	 */
	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private RequestIds() {
	}

	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		return (id instanceof String value) ? value : "";
	}

	static String accept(@Nullable String proposed) {
		return (proposed != null && SANE.matcher(proposed).matches()) ? proposed : fresh();
	}

	static String fresh() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
