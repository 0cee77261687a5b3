package dev.passwordreset.api.identitycenter;

import java.io.IOException;
import java.util.List;

import dev.passwordreset.api.AuthenticationRefusal;
import dev.passwordreset.api.CallerAuthentication;
import dev.passwordreset.api.RouteGuard;
import dev.passwordreset.api.SecurityAuditing;
import dev.passwordreset.security.AccessKeyAuthenticationProvider;
import dev.passwordreset.security.AuthenticationFailure;
import dev.passwordreset.security.CallerAuthenticationFilters;
import dev.passwordreset.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The {@code /v1} chain: stateless, authenticated by access key, authorized by
 * {@link IdentityCenterAction}. Its failures are written in Huawei's error format here,
 * because exceptions raised in filters never reach a controller advice.
 */
@Configuration(proxyBeanMethods = false)
class IdentityCenterSecurityConfiguration {

	/**
	 * The routes of the face that need no credentials; every other is in
	 * {@link IdentityCenterAction}.
	 */
	static final List<RouteGuard.Route> OPEN_ROUTES = List.of(
			new RouteGuard.Route(HttpMethod.POST, PasswordResetConfirmationController.PATH),
			new RouteGuard.Route(HttpMethod.POST, SelfServicePasswordResetController.PATH));

	/**
	 * The confirmation of a reset link needs no caller: the token in its body is the
	 * credential. Nor does "forgot password", which only ever mails the address on file.
	 * This chain comes before the {@code /v1} chain and matches those two paths only;
	 * everything else under {@code /v1} still needs credentials. Errors come from the
	 * controller advice, in Huawei's format. Its own table, {@link #OPEN_ROUTES}, answers
	 * other methods with 405 and OPTIONS.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain passwordResetConfirmationFilterChain(HttpSecurity http, IdentityCenterErrors errors,
			SecurityAuditing auditing) throws Exception {
		http.securityMatcher(PasswordResetConfirmationController.PATH, SelfServicePasswordResetController.PATH)
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			// These routes need no credentials, so neither do their 405s and OPTIONS.
			.addFilterBefore(new RouteGuard(OPEN_ROUTES, AnyRequestMatcher.INSTANCE, errors::render, auditing),
					AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> {
				OPEN_ROUTES
					.forEach((route) -> authorize.requestMatchers(RouteGuard.matcher(route.method(), route.pattern()))
						.permitAll());
				authorize.anyRequest().denyAll();
			});
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain identityCenterSecurityFilterChain(HttpSecurity http, AccessKeyAuthenticationProvider accessKeys,
			CallerAuthenticationFilters filters, IdentityCenterErrors errors, AccessDenials denials,
			SecurityAuditing auditing) throws Exception {
		auditing.expectDenialsOf(IdentityCenterAction.actionNames());
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> unauthorized(errors, auditing, request,
				response, ex);
		AccessDeniedHandler deniedHandler = (request, response, ex) -> denials.deny(request, response,
				(action, caller) -> action.audience().refusal(caller, pathAccountId(action, request)));
		CallerAuthentication
			.configure(http.securityMatcher("/v1/**", "/v3.0/**", "/v5/**"), accessKeys, filters, entryPoint)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
			// Unknown routes and wrong methods need credentials, then answer 404 or 405;
			// OPTIONS too.
			.addFilterBefore(
					new RouteGuard(IdentityCenterAction.routes(), (request) -> false, errors::render, auditing),
					AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> {
				for (IdentityCenterAction action : IdentityCenterAction.values()) {
					authorize.requestMatchers(action.matcher()).access(allowed(action));
				}
				// Deny by default: what the table does not list, nobody may do.
				authorize.anyRequest().denyAll();
			});
		return http.build();
	}

	private static AuthorizationManager<RequestAuthorizationContext> allowed(IdentityCenterAction action) {
		return (authentication, context) -> {
			Object principal = authentication.get().getPrincipal();
			boolean granted = principal instanceof Caller caller
					&& action.audience().admits(caller, context.getVariables().get("account_id"));
			return new AuthorizationDecision(granted);
		};
	}

	private static void unauthorized(IdentityCenterErrors errors, SecurityAuditing auditing, HttpServletRequest request,
			HttpServletResponse response, AuthenticationException ex) throws IOException {
		AuthenticationRefusal refusal = auditing.authenticationFailed(request, ex);
		if (refusal.throttled()) {
			// As the API gateway answers a throttled client.
			response.setHeader("Retry-After", refusal.retryAfterSeconds());
			errors.write(request, response, IdentityCenterCode.THROTTLED,
					"The throttling threshold has been reached. Try again later.");
			return;
		}
		AuthenticationFailure failure = refusal.failure();
		response.addHeader("WWW-Authenticate", "Basic realm=\"password-reset-service\"");
		response.addHeader("WWW-Authenticate", "Bearer realm=\"password-reset-service\"");
		errors.write(request, response, codeOf(failure), IdentityCenterErrors.messageFor(401, failure.description()));
	}

	/**
	 * Huawei's gateway codes where Huawei has one ({@code APIGW.0307}: the token must be
	 * updated); our own {@code IIC.401x} for the security-token cases, so a client can
	 * tell them apart.
	 */
	static IdentityCenterCode codeOf(AuthenticationFailure failure) {
		return switch (failure) {
			case TOKEN_EXPIRED -> IdentityCenterCode.TOKEN_EXPIRED;
			case SECURITY_TOKEN_MISSING -> IdentityCenterCode.SECURITY_TOKEN_MISSING;
			case SECURITY_TOKEN_EXPIRED -> IdentityCenterCode.SECURITY_TOKEN_EXPIRED;
			case SECURITY_TOKEN_INVALID -> IdentityCenterCode.SECURITY_TOKEN_INVALID;
			case SECURITY_TOKEN_MISMATCH -> IdentityCenterCode.SECURITY_TOKEN_MISMATCH;
			default -> IdentityCenterCode.BAD_CREDENTIALS;
		};
	}

	private static @Nullable String pathAccountId(IdentityCenterAction action, HttpServletRequest request) {
		return action.matcher().matcher(request).getVariables().get("account_id");
	}

}
