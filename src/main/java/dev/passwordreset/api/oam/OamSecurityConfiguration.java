package dev.passwordreset.api.oam;

import java.io.IOException;
import java.time.Clock;

import dev.passwordreset.api.AuthenticationRefusal;
import dev.passwordreset.api.RequestIds;
import dev.passwordreset.api.CallerAuthentication;
import dev.passwordreset.api.RouteGuard;
import dev.passwordreset.api.SecurityAuditing;
import dev.passwordreset.security.AccessKeyAuthenticationProvider;
import dev.passwordreset.security.AuthenticationFailure;
import dev.passwordreset.security.AuthorizationDenial;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CallerAuthenticationFilters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The {@code /oam} chain: stateless; callers authenticate as Oracle's examples do, with
 * HTTP Basic (an access key id and its secret), or with the bearer tokens and
 * SDK-HMAC-SHA256 signatures the rest of the service takes; only administrators may call.
 * Failures are written in OAM's shape here, because exceptions raised in filters never
 * reach a controller advice, and are audited as the Huawei face's are.
 */
@Configuration(proxyBeanMethods = false)
class OamSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain oamSecurityFilterChain(HttpSecurity http, AccessKeyAuthenticationProvider accessKeys,
			CallerAuthenticationFilters filters, OamErrors errors, SecurityAuditing auditing, Clock clock)
			throws Exception {
		auditing.expectDenialsOf(OamAction.actionNames());
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> unauthorized(errors, auditing, request,
				response, ex);
		AccessDeniedHandler deniedHandler = (request, response, ex) -> forbidden(errors, auditing, clock, request,
				response);
		CallerAuthentication.configure(http.securityMatcher("/oam/**"), accessKeys, filters, entryPoint)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
			// Unknown routes and wrong methods need credentials, then answer 404 or 405
			// in OAM's shape.
			.addFilterBefore(new RouteGuard(OamAction.routes(), (request) -> false, errors::render, auditing),
					AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> {
				for (OamAction action : OamAction.values()) {
					authorize.requestMatchers(action.matcher())
						.access((authentication, context) -> new AuthorizationDecision(
								authentication.get().getPrincipal() instanceof Caller caller
										&& caller.isAdministrator()));
				}
				// Deny by default: what the table does not list, nobody may do.
				authorize.anyRequest().denyAll();
			});
		return http.build();
	}

	private static void unauthorized(OamErrors errors, SecurityAuditing auditing, HttpServletRequest request,
			HttpServletResponse response, AuthenticationException ex) throws IOException {
		AuthenticationRefusal refusal = auditing.authenticationFailed(request, ex);
		if (refusal.throttled()) {
			response.setHeader("Retry-After", refusal.retryAfterSeconds());
			errors.write(request, response, OamResult.RATE_LIMITED,
					"Too many failed authentications from this client address or for this access key; try again later.");
			return;
		}
		AuthenticationFailure failure = refusal.failure();
		response.addHeader("WWW-Authenticate", "Basic realm=\"oam\"");
		response.addHeader("WWW-Authenticate", "Bearer realm=\"oam\"");
		errors.write(request, response, OamResult.UNAUTHENTICATED,
				"Authentication failed: " + failure.description() + ".");
	}

	private static void forbidden(OamErrors errors, SecurityAuditing auditing, Clock clock, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			auditing.accessDenied(request,
					new AuthorizationDenial(caller.accountId(), caller.accessKeyId(), caller.role().name(),
							OamAction.nameOf(request), request.getRequestURI(), OamAction.REFUSAL,
							RequestIds.of(request), clock.instant()));
		}
		else {
			auditing.accessDenied(request, authentication);
		}
		errors.write(request, response, OamResult.ACCESS_DENIED);
	}

}
