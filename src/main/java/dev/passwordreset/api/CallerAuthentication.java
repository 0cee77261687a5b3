package dev.passwordreset.api;

import dev.passwordreset.security.AccessKeyAuthenticationProvider;
import dev.passwordreset.security.CallerAuthenticationFilters;

import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * What every chain that knows its callers shares: stateless (no session, no request
 * cache, no CSRF, since no cookie authenticates anybody), and a caller proves itself with
 * HTTP Basic (an access key id and secret), a bearer token or an SDK-HMAC-SHA256
 * signature. Failures are counted and throttled where each chain answers them
 * ({@link SecurityAuditing#authenticationFailed}). Each chain adds its own authorization
 * and writes its refusals in its own format.
 */
public final class CallerAuthentication {

	private CallerAuthentication() {
	}

	public static HttpSecurity configure(HttpSecurity http, AccessKeyAuthenticationProvider accessKeys,
			CallerAuthenticationFilters filters, AuthenticationEntryPoint entryPoint) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.authenticationManager(new ProviderManager(accessKeys))
			.httpBasic((basic) -> basic.authenticationEntryPoint(entryPoint))
			.addFilterBefore(filters.bearerToken(entryPoint), BasicAuthenticationFilter.class)
			.addFilterBefore(filters.sdkSignature(entryPoint), BasicAuthenticationFilter.class);
	}

}
