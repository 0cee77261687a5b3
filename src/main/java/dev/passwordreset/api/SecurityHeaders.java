package dev.passwordreset.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

/**
 * The headers every security chain sends (Spring Security's defaults), for the answers
 * that no chain writes: errors the container raises before any filter runs, such as a
 * refused TRACE.
 */
final class SecurityHeaders {

	private static final List<HeaderWriter> WRITERS = List.of(new CacheControlHeadersWriter(),
			new XContentTypeOptionsHeaderWriter(), new XXssProtectionHeaderWriter(), new XFrameOptionsHeaderWriter(),
			new HstsHeaderWriter());

	private SecurityHeaders() {
	}

	/** Adds them unless a chain already has. */
	static void writeIfMissing(HttpServletRequest request, HttpServletResponse response) {
		if (response.containsHeader("X-Content-Type-Options")) {
			return;
		}
		WRITERS.forEach((writer) -> writer.writeHeaders(request, response));
	}

}
