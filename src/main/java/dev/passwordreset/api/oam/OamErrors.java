package dev.passwordreset.api.oam;

import java.io.IOException;

import dev.passwordreset.api.ErrorPageRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.XmlMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes every error under {@code /oam}, from a filter, a controller or the container, in
 * OAM's {@code {message, minorCode, resultCode}} shape, in JSON or, when asked, XML.
 * Ordered after the Huawei face's renderer, which stays the format for paths that no face
 * owns.
 */
@Component
@Order(1)
class OamErrors implements ErrorPageRenderer {

	private final JsonMapper jsonMapper;

	private final XmlMapper xmlMapper;

	OamErrors(JsonMapper jsonMapper, OamXml.OamXmlConverter xml) {
		this.jsonMapper = jsonMapper;
		this.xmlMapper = xml.getMapper();
	}

	@Override
	public boolean owns(String path) {
		return path.equals("/oam") || path.startsWith("/oam/");
	}

	@Override
	public void render(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException {
		OamResult result = OamResult.forStatus(status);
		write(request, response, status, OamResponse.of(result, sentence(message)));
	}

	void write(HttpServletRequest request, HttpServletResponse response, OamResult result) throws IOException {
		write(request, response, result.status(), OamResponse.of(result));
	}

	void write(HttpServletRequest request, HttpServletResponse response, OamResult result, String message)
			throws IOException {
		write(request, response, result.status(), OamResponse.of(result, message));
	}

	/**
	 * In XML when the caller's {@code Accept} prefers it, else in JSON; see
	 * {@link OamXml#wantsXml}.
	 */
	void write(HttpServletRequest request, HttpServletResponse response, int status, Object body) throws IOException {
		if (status == 503 && !response.containsHeader("Retry-After")) {
			// Every 503 is worth a retry and says when, as the description promises.
			response.setHeader("Retry-After", "1");
		}
		response.setStatus(status);
		response.setCharacterEncoding("UTF-8");
		if (OamXml.wantsXml(request)) {
			response.setContentType(MediaType.APPLICATION_XML_VALUE);
			this.xmlMapper.writeValue(response.getOutputStream(), body);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

	static String sentence(String detail) {
		String capitalized = detail.isEmpty() ? detail : Character.toUpperCase(detail.charAt(0)) + detail.substring(1);
		return capitalized.endsWith(".") ? capitalized : capitalized + ".";
	}

}
