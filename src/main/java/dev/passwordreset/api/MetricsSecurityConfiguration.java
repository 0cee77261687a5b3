package dev.passwordreset.api;

import dev.passwordreset.security.AccessKeyAuthenticationProvider;
import dev.passwordreset.security.AuthenticationFailure;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CallerAuthenticationException;
import dev.passwordreset.security.CallerAuthenticationFilters;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * {@code /actuator/prometheus}. On a separate management port ({@code management.server.port},
 * which a deployment keeps inside its network) it is open, as scrapers expect; on the service's
 * own port it needs the management account's credentials, any kind the faces accept.
 */
@Configuration(proxyBeanMethods = false)
class MetricsSecurityConfiguration {

	static final String PATH = "/actuator/prometheus";

	@Bean
	@Order(3)
	SecurityFilterChain metricsSecurityFilterChain(HttpSecurity http, AccessKeyAuthenticationProvider accessKeys,
			CallerAuthenticationFilters filters, SecurityAuditing auditing, Environment environment) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> {
			AuthenticationFailure failure = (ex instanceof CallerAuthenticationException refused) ? refused.failure()
					: (request.getHeader("Authorization") == null) ? AuthenticationFailure.MISSING_CREDENTIALS
							: AuthenticationFailure.BAD_CREDENTIALS;
			auditing.authenticationFailed(request, failure);
			response.addHeader("WWW-Authenticate", "Basic realm=\"metrics\"");
			ErrorPages.reject(request, response, 401, "Authentication failed: " + failure.description() + ".");
		};
		http.securityMatcher(PATH)
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.authenticationManager(new ProviderManager(accessKeys))
			.httpBasic((basic) -> basic.authenticationEntryPoint(entryPoint))
			.addFilterBefore(filters.bearerToken(entryPoint), BasicAuthenticationFilter.class)
			.addFilterBefore(filters.sdkSignature(entryPoint), BasicAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler((request, response, ex) -> {
					auditing.accessDenied(request, SecurityContextHolder.getContext().getAuthentication());
					ErrorPages.reject(request, response, 403, "Only the management account may read the metrics.");
				}))
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(onSeparateManagementPort(environment))
				.permitAll()
				.anyRequest()
				.access((authentication, context) -> new AuthorizationDecision(
						authentication.get().getPrincipal() instanceof Caller caller && caller.isManagementAccount())));
		return http.build();
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
