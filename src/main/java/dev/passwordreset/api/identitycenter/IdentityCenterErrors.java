package dev.passwordreset.api.identitycenter;

import java.io.IOException;

import dev.passwordreset.api.ErrorPageRenderer;
import dev.passwordreset.api.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes {@code {error_code, error_msg, request_id}} bodies with Huawei's codes and
 * message templates. Every error of the {@code /v1} face, from a filter, a controller or
 * the container, goes through here. Ordered first: paths that no face owns get this
 * format too.
 */
@Component
@Order(0)
class IdentityCenterErrors implements ErrorPageRenderer {

	private final JsonMapper jsonMapper;

	IdentityCenterErrors(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Huawei's paths: the identity-store API, and the IAM and STS paths its clients also
	 * call.
	 */
	@Override
	public boolean owns(String path) {
		return path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/v3.0/") || path.startsWith("/v5/");
	}

	@Override
	public void render(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException {
		write(request, response, status, IdentityCenterCode.codeFor(status), messageFor(status, message), null);
	}

	void write(HttpServletRequest request, HttpServletResponse response, IdentityCenterCode code, String message)
			throws IOException {
		write(request, response, code.status(), code.code(), message, null);
	}

	void write(HttpServletRequest request, HttpServletResponse response, IdentityCenterCode code, String message,
			@Nullable String encodedAuthorizationMessage) throws IOException {
		write(request, response, code.status(), code.code(), message, encodedAuthorizationMessage);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, int status, String code,
			String message, @Nullable String encodedAuthorizationMessage) throws IOException {
		IdentityCenterError body = new IdentityCenterError(code, message, RequestIds.of(request),
				encodedAuthorizationMessage);
		if (status == 503 && !response.containsHeader("Retry-After")) {
			// Every 503 is worth a retry and says when, as the description promises.
			response.setHeader("Retry-After", "1");
		}
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

	/**
	 * Huawei's message templates, such as {@code Bad Request: {0}.}, filled with our
	 * detail.
	 */
	static String messageFor(int status, String detail) {
		return switch (status) {
			case 400 -> "Bad Request: " + sentence(detail);
			case 401 -> "Incorrect IAM authentication information: " + sentence(detail);
			case 403 -> "Access denied: " + sentence(detail);
			case 404 -> "Not Found: " + sentence(detail);
			case 405 -> "Method Not Allowed: " + sentence(detail);
			case 406 -> "Not Acceptable: " + sentence(detail);
			case 409 -> "Data modification failed: " + sentence(detail);
			case 413 -> "Request Entity Too Large: " + sentence(detail);
			case 415 -> "Unsupported Media Type: " + sentence(detail);
			case 500 -> "Internal Server Error.";
			default -> sentence(detail);
		};
	}

	static String sentence(String detail) {
		return detail.endsWith(".") ? detail : detail + ".";
	}

}
