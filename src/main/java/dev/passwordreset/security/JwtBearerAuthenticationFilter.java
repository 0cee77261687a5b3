package dev.passwordreset.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <JWT>}, or the same token in
 * {@code X-Auth-Token} as Huawei's IAM clients send it. A temporary token also needs its
 * {@code X-Security-Token}.
 */
public class JwtBearerAuthenticationFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final AccessTokenService tokens;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	JwtBearerAuthenticationFilter(AccessTokenService tokens, AuthenticationEntryPoint entryPoint) {
		this.tokens = tokens;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = token(request);
		if (token == null) {
			chain.doFilter(request, response);
			return;
		}
		try {
			SecurityContext context = this.contexts.createEmptyContext();
			context.setAuthentication(this.tokens.authenticate(token, request.getHeader("X-Security-Token")));
			this.contexts.setContext(context);
		}
		catch (CallerAuthenticationException ex) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	private static String token(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).strip();
		}
		String authToken = request.getHeader("X-Auth-Token");
		return (authorization == null && authToken != null && !authToken.isBlank()) ? authToken.strip() : null;
	}

}
