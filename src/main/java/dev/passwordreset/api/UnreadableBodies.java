package dev.passwordreset.api;

import java.util.Arrays;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * What both faces tell a caller about a request body that cannot be read: the JSON field
 * and what it should hold, never a Java type, an exception message or the input itself.
 */
public final class UnreadableBodies {

	private UnreadableBodies() {
	}

	/**
	 * The status for an unreadable body: 413 when it grew past the limit while being
	 * read, else 400.
	 */
	public static int statusOf(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException) {
				return 413;
			}
		}
		return 400;
	}

	/**
	 * Says what is wrong with an unreadable body in the caller's terms: the JSON field
	 * and what it should hold, never the Java type Jackson tried to build.
	 */
	public static String describe(HttpMessageNotReadableException ex) {
		return describe(ex, "JSON");
	}

	/**
	 * As {@link #describe(HttpMessageNotReadableException)}, for a body in {@code format}
	 * (a face that also reads XML says which one it could not read).
	 */
	public static String describe(HttpMessageNotReadableException ex, String format) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// Jackson wraps the limit in its own exception, so look for it before judging
			// the JSON.
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return "request body is larger than " + tooLarge.limit() + " bytes";
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
					&& invalid.getTargetType().isEnum()) {
				return field(invalid) + " must be one of "
						+ Arrays.stream(invalid.getTargetType().getEnumConstants())
							.map(Object::toString)
							.collect(Collectors.joining(", "));
			}
			if (cause instanceof MismatchedInputException mismatched) {
				return mismatched.getPath().isEmpty() ? "request body must be a " + format + " object"
						: field(mismatched) + " has the wrong type";
			}
			if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
				return field(databind) + " is invalid";
			}
			if (cause instanceof StreamReadException || cause instanceof JacksonException) {
				return "request body is not valid " + format;
			}
		}
		return (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing"))
				? "request body is missing" : "request body cannot be read";
	}

	private static String field(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "a field" : path.toString();
	}

}
