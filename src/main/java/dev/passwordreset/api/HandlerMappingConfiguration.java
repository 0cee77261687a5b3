package dev.passwordreset.api;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Spring Boot's way to put {@link PathFirstHandlerMapping} in place of its own. */
@Configuration(proxyBeanMethods = false)
class HandlerMappingConfiguration {

	@Bean
	WebMvcRegistrations pathFirstHandlerMapping() {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new PathFirstHandlerMapping();
			}

		};
	}

}
