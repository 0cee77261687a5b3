package dev.passwordreset.api;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a security chain to its face's route table, so that nothing the table does not
 * list is reachable, whatever the method: a path with no route is answered 404, a method
 * its routes do not take 405 with {@code Allow}, and {@code OPTIONS} 204 with
 * {@code Allow} and no body. {@code HEAD} goes wherever {@code GET} goes, to the same
 * rule. A request that does have a route goes on to the chain's authorization, which
 * decides it by that route's audience; anything else there is denied.
 * <p>
 * It sits after authentication: on a chain whose routes need credentials, an anonymous
 * request passes through untouched and is refused 401 by the authorization behind it, so
 * that the service says nothing about its routes, not even which exist, to a caller it
 * does not know, and every answer to an unknown caller is the one audited (and throttled)
 * authentication failure. On a chain whose routes are open ({@code openTo}), it answers
 * everybody. Every 404 and 405 is audited.
 */
public final class RouteGuard extends OncePerRequestFilter {

	/** A method on a path pattern; {@code GET} also takes {@code HEAD}. */
	public record Route(HttpMethod method, String pattern) {

		RequestMatcher path() {
			return PathPatternRequestMatcher.withDefaults().matcher(this.pattern);
		}

	}

	/** Writes a refusal in the face's format. */
	@FunctionalInterface
	public interface Refusal {

		void write(HttpServletRequest request, HttpServletResponse response, int status, String message)
				throws IOException;

	}

	private record Compiled(HttpMethod method, RequestMatcher path) {
	}

	private final List<Compiled> routes;

	private final RequestMatcher openTo;

	private final boolean ownsEveryPath;

	private final Refusal refusal;

	private final SecurityAuditing auditing;

	/**
	 * @param routes every route of the chain's face
	 * @param openTo the requests whose routes need no credentials, so that their refusals
	 * need none either
	 * @param refusal how the face writes a 404 or 405
	 */
	public RouteGuard(List<Route> routes, RequestMatcher openTo, Refusal refusal, SecurityAuditing auditing) {
		this(routes, openTo, true, refusal, auditing);
	}

	/**
	 * @param ownsEveryPath whether a path with no route is this guard's to refuse; when
	 * not, it passes on to the chain's own deny-all
	 */
	public RouteGuard(List<Route> routes, RequestMatcher openTo, boolean ownsEveryPath, Refusal refusal,
			SecurityAuditing auditing) {
		this.routes = routes.stream().map((route) -> new Compiled(route.method(), route.path())).toList();
		this.openTo = openTo;
		this.ownsEveryPath = ownsEveryPath;
		this.refusal = refusal;
		this.auditing = auditing;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		@Nullable Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!isKnown(authentication) && !this.openTo.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		Set<String> allowed = allowedMethods(request);
		String method = request.getMethod();
		if (allowed.isEmpty() && !this.ownsEveryPath) {
			chain.doFilter(request, response);
		}
		else if (allowed.isEmpty()) {
			this.auditing.routeRefused(request, authentication, 404);
			this.refusal.write(request, response, 404, ErrorPages.defaultMessage(404));
		}
		else if (HttpMethod.OPTIONS.matches(method)) {
			response.setHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		}
		else if (allowed.contains(method)) {
			chain.doFilter(request, response);
		}
		else {
			this.auditing.routeRefused(request, authentication, 405);
			response.setHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
			this.refusal.write(request, response, 405, ErrorPages.defaultMessage(405));
		}
	}

	/**
	 * The methods that the routes at the request's path take, {@code HEAD} with
	 * {@code GET} and {@code OPTIONS} with any; empty when no route has the path.
	 */
	Set<String> allowedMethods(HttpServletRequest request) {
		Set<String> allowed = new LinkedHashSet<>();
		for (Compiled route : this.routes) {
			if (route.path().matches(request)) {
				allowed.add(route.method().name());
				if (route.method().equals(HttpMethod.GET)) {
					allowed.add(HttpMethod.HEAD.name());
				}
			}
		}
		if (!allowed.isEmpty()) {
			allowed.add(HttpMethod.OPTIONS.name());
		}
		return allowed;
	}

	private static boolean isKnown(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	/**
	 * The rule every route of a table takes {@code HEAD} by: a matcher for the route's
	 * method that also matches {@code HEAD} when that method is {@code GET}, and carries
	 * the path's variables.
	 */
	public static RequestMatcher matcher(HttpMethod method, String pattern) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		if (method.equals(HttpMethod.GET)) {
			return new OrRequestMatcher(paths.matcher(method, pattern), paths.matcher(HttpMethod.HEAD, pattern));
		}
		return paths.matcher(method, pattern);
	}

}
