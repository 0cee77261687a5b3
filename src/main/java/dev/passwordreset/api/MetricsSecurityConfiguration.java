package dev.passwordreset.api;

import java.util.List;

import dev.passwordreset.security.AccessKeyAuthenticationProvider;
import dev.passwordreset.security.AuthenticationFailure;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CallerAuthenticationFilters;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The actuator's endpoints that need to know the caller. {@code /actuator/prometheus}: on
 * a separate management port ({@code management.server.port}, which a deployment keeps
 * inside its network) it is open, as scrapers expect; on the service's own port it needs
 * the management account's credentials, any kind the faces accept.
 * {@code /actuator/health}: open to everybody (probes send no credentials), and its
 * components show only to the management account
 * ({@code management.endpoint.health.roles}), so credentials are read when they are sent.
 */
@Configuration(proxyBeanMethods = false)
class MetricsSecurityConfiguration {

	static final String PATH = "/actuator/prometheus";

	static final String HEALTH = "/actuator/health";

	/** The health endpoint, its groups (the probes) and its components. */
	static final List<RouteGuard.Route> HEALTH_ROUTES = List.of(new RouteGuard.Route(HttpMethod.GET, HEALTH),
			new RouteGuard.Route(HttpMethod.GET, HEALTH + "/**"));

	@Bean
	@Order(3)
	SecurityFilterChain metricsSecurityFilterChain(HttpSecurity http, AccessKeyAuthenticationProvider accessKeys,
			CallerAuthenticationFilters filters, SecurityAuditing auditing, Environment environment) throws Exception {
		AuthenticationEntryPoint entryPoint = entryPoint(auditing);
		CallerAuthentication.configure(http.securityMatcher(PATH), accessKeys, filters, entryPoint)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler((request, response, ex) -> {
					auditing.accessDenied(request, SecurityContextHolder.getContext().getAuthentication());
					ErrorPages.reject(request, response, 403, "Only the management account may read the metrics.");
				}))
			// On the management port the metrics need no credentials, so neither do their
			// 405s.
			.addFilterBefore(
					new RouteGuard(List.of(new RouteGuard.Route(HttpMethod.GET, PATH)),
							onSeparateManagementPort(environment), ErrorPages::reject, auditing),
					AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(new AndRequestMatcher(RouteGuard.matcher(HttpMethod.GET, PATH),
						onSeparateManagementPort(environment)))
				.permitAll()
				.requestMatchers(RouteGuard.matcher(HttpMethod.GET, PATH))
				.access((authentication, context) -> new AuthorizationDecision(
						authentication.get().getPrincipal() instanceof Caller caller && caller.isManagementAccount()))
				// Deny by default: what the table does not list, nobody may do.
				.anyRequest()
				.denyAll());
		return http.build();
	}

	/** Open to all; a caller who sends credentials is known, and must send valid ones. */
	@Bean
	@Order(4)
	SecurityFilterChain healthSecurityFilterChain(HttpSecurity http, AccessKeyAuthenticationProvider accessKeys,
			CallerAuthenticationFilters filters, SecurityAuditing auditing) throws Exception {
		AuthenticationEntryPoint entryPoint = entryPoint(auditing);
		CallerAuthentication.configure(http.securityMatcher(HEALTH, HEALTH + "/**"), accessKeys, filters, entryPoint)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			// Open routes: their 405s and OPTIONS need no credentials either.
			.addFilterBefore(new RouteGuard(HEALTH_ROUTES, AnyRequestMatcher.INSTANCE, ErrorPages::reject, auditing),
					AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> {
				HEALTH_ROUTES
					.forEach((route) -> authorize.requestMatchers(RouteGuard.matcher(route.method(), route.pattern()))
						.permitAll());
				authorize.anyRequest().denyAll();
			});
		return http.build();
	}

	private static AuthenticationEntryPoint entryPoint(SecurityAuditing auditing) {
		return (request, response, ex) -> {
			AuthenticationRefusal refusal = auditing.authenticationFailed(request, ex);
			if (refusal.throttled()) {
				response.setHeader("Retry-After", refusal.retryAfterSeconds());
				ErrorPages.reject(request, response, 429, "Too many failed authentications; try again later.");
				return;
			}
			AuthenticationFailure failure = refusal.failure();
			response.addHeader("WWW-Authenticate", "Basic realm=\"actuator\"");
			ErrorPages.reject(request, response, 401, "Authentication failed: " + failure.description() + ".");
		};
	}

	/** True only on a management port of its own, never on the port users reach. */
	private static RequestMatcher onSeparateManagementPort(Environment environment) {
		return (HttpServletRequest request) -> {
			String management = environment.getProperty("local.management.port");
			String server = environment.getProperty("local.server.port");
			return management != null && !management.equals(server)
					&& request.getLocalPort() == Integer.parseInt(management);
		};
	}

}
