package dev.passwordreset.api;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Answers the errors that Tomcat raises before any filter or servlet sees the request (a
 * URI it cannot decode such as {@code %00} or {@code %2F}, a request line over its limit,
 * a refused method such as CONNECT) like every other error: in the format of the API face
 * that owns the path, with a request id. Tomcat's own valve would answer them in HTML,
 * without one.
 */
class ContainerErrorReportValve extends ErrorReportValve {

	private static final Logger logger = LoggerFactory.getLogger(ContainerErrorReportValve.class);

	private final ObjectProvider<ErrorPageRenderer> renderers;

	ContainerErrorReportValve(ObjectProvider<ErrorPageRenderer> renderers) {
		this.renderers = renderers;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's own valve: only an error that nothing has answered yet.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			String id = RequestIds.of(request);
			if (id.isEmpty()) {
				id = RequestIds.accept(request.getHeader(RequestIds.HEADER));
				request.setAttribute(RequestIds.ATTRIBUTE, id);
			}
			response.setHeader(RequestIds.HEADER, id);
			String path = (request.getRequestURI() != null) ? request.getRequestURI() : "";
			List<ErrorPageRenderer> all = this.renderers.orderedStream().toList();
			ErrorPageRenderer renderer = all.stream()
				.filter((candidate) -> candidate.owns(path))
				.findFirst()
				.orElse(all.get(0));
			response.resetBuffer();
			SecurityHeaders.writeIfMissing(request, response);
			renderer.render(request, response, status, ErrorPages.defaultMessage(status));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not report a {} that the container raised", status, ex);
		}
	}

}
