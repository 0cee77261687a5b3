package dev.passwordreset.api.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.passwordreset.api.ErrorPageRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Errors on the pages' own paths are pages too, with the pages' strict headers: a browser
 * that posted the form gets HTML back, whatever refused it (the body limit, undecodable
 * parameters, a wrong method or content type).
 */
@Component
@Order(2)
class PageErrors implements ErrorPageRenderer {

	@Override
	public boolean owns(String path) {
		return path.equals(ResetPasswordPageController.PATH) || path.equals(ForgotPasswordPageController.PATH);
	}

	@Override
	public void render(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException {
		response.setStatus(status);
		ResetPasswordPageController.pageHeaders().forEach((name, values) -> {
			response.setHeader(name, values.get(0));
			values.stream().skip(1).forEach((value) -> response.addHeader(name, value));
		});
		byte[] page = ResetPasswordPages.error(titleOf(status), sentence(message)).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(page.length);
		response.getOutputStream().write(page);
	}

	private static String titleOf(int status) {
		return switch (status) {
			case 413 -> "The form is too large";
			case 400 -> "The form could not be read";
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				yield (known != null) ? known.getReasonPhrase() : "The request failed";
			}
		};
	}

	private static String sentence(String message) {
		String capitalized = message.isEmpty() ? message
				: Character.toUpperCase(message.charAt(0)) + message.substring(1);
		return capitalized.endsWith(".") ? capitalized : capitalized + ".";
	}

}
