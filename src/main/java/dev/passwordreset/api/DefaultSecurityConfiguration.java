package dev.passwordreset.api;

import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Everything outside the API faces' own chains. Nothing is open unless listed here, so a
 * new endpoint outside a face stays closed until someone decides otherwise.
 */
@Configuration(proxyBeanMethods = false)
class DefaultSecurityConfiguration {

	/** The open routes outside the faces; {@code GET} takes {@code HEAD} too. */
	static final List<RouteGuard.Route> ROUTES = List.of(
			// The API description and Swagger UI: they describe the faces and open none
			// of them.
			new RouteGuard.Route(HttpMethod.GET, "/v3/api-docs/**"),
			new RouteGuard.Route(HttpMethod.GET, "/v3/api-docs.yaml/**"),
			new RouteGuard.Route(HttpMethod.GET, "/swagger-ui/**"),
			new RouteGuard.Route(HttpMethod.GET, "/swagger-ui.html"),
			// The reset page: the token in the link and in the form is the credential.
			new RouteGuard.Route(HttpMethod.GET, "/reset-password"),
			new RouteGuard.Route(HttpMethod.GET, "/reset-password.css"),
			new RouteGuard.Route(HttpMethod.POST, "/reset-password"),
			// "Forgot password": it only ever mails the address on file, and is
			// rate-limited.
			new RouteGuard.Route(HttpMethod.GET, "/forgot-password"),
			new RouteGuard.Route(HttpMethod.POST, "/forgot-password"));

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http, SecurityAuditing auditing) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(
						(request, response, ex) -> ErrorPages.reject(request, response, 404, "no such resource"))
				.accessDeniedHandler(
						(request, response, ex) -> ErrorPages.reject(request, response, 404, "no such resource")))
			// A listed path with a method it does not take is 405; any other path is left
			// to the deny-all below (404, unaudited: browsers ask for paths such as
			// /favicon.ico on their own).
			.addFilterBefore(new RouteGuard(ROUTES, AnyRequestMatcher.INSTANCE, false, ErrorPages::reject, auditing),
					AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> {
				// The error page, for the errors the container forwards to it; asked for
				// directly, 404.
				authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
				ROUTES.forEach((route) -> authorize.requestMatchers(RouteGuard.matcher(route.method(), route.pattern()))
					.permitAll());
				authorize.anyRequest().denyAll();
			});
		return http.build();
	}

	/**
	 * Lets every method through to the chains, which refuse the ones a route does not
	 * take with 405 in the face's format and with the security headers. The firewall's
	 * own refusal of an unlisted method is a bare 400 written before any chain runs, and
	 * the tables, which decide every method, make its method list redundant; everything
	 * else it checks stays on.
	 */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setUnsafeAllowAnyHttpMethod(true);
		return firewall;
	}

}
