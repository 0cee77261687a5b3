package dev.passwordreset.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes an error that no controller handled (an unknown route, a wrong method, a
 * rejected request) in the format of the API face that owns the path.
 */
public interface ErrorPageRenderer {

	boolean owns(String path);

	/**
	 * @param message a caller-facing explanation, already free of internals
	 */
	void render(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException;

}
