package dev.passwordreset.api;

import java.io.IOException;

/**
 * Raised while reading a body that grows past {@code reset.http.max-request-body-size}.
 * It is an {@link IOException} so that message converters pass it on as an unreadable
 * body.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("Request body larger than " + limit + " bytes");
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

}
