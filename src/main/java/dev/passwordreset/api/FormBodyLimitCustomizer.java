package dev.passwordreset.api;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Tomcat reads a form body itself, past {@link RequestBodyLimitFilter}'s wrapper, up to
 * its {@code maxPostSize} (2 MB unless set). Set to
 * {@code reset.http.max-request-body-size}, a chunked form over the limit is refused with
 * a 413 like any other body, by {@link RequestParameterDecodingFilter}. Ordered last, so
 * that Spring Boot's {@code server.tomcat.max-http-form-post-size} does not override it.
 */
@Component
class FormBodyLimitCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	private final int limit;

	FormBodyLimitCustomizer(HttpProperties properties) {
		this.limit = (int) Math.min(properties.maxRequestBodySize().toBytes(), Integer.MAX_VALUE);
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> connector.setMaxPostSize(this.limit));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
