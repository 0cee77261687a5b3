package dev.passwordreset.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Everything outside the API faces' own chains. Nothing is open unless listed here, so a new
 * endpoint outside a face stays closed until someone decides otherwise.
 */
@Configuration(proxyBeanMethods = false)
class DefaultSecurityConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> ErrorPages.reject(request, response, 404,
						"no such resource"))
				.accessDeniedHandler((request, response, ex) -> ErrorPages.reject(request, response, 404,
						"no such resource")))
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/error")
				.permitAll()
				// The API description and Swagger UI: they describe the faces and open none of them.
				.requestMatchers(HttpMethod.GET, "/v3/api-docs/**", "/v3/api-docs.yaml/**", "/swagger-ui/**",
						"/swagger-ui.html")
				.permitAll()
				// The reset page: the token in the link and in the form is the credential.
				.requestMatchers(HttpMethod.GET, "/reset-password", "/reset-password.css")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/reset-password")
				.permitAll()
				// "Forgot password": it only ever mails the address on file, and is rate-limited.
				.requestMatchers("/forgot-password")
				.permitAll()
				.anyRequest()
				.denyAll());
		return http.build();
	}

}
