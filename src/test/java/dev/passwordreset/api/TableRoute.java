package dev.passwordreset.api;

import dev.passwordreset.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * One route of a security chain's table as the tests see it: its method, its path pattern
 * and who the table lets through ({@code null} for an anonymous caller).
 */
public record TableRoute(HttpMethod method, String pattern, Admission admission) {

	@FunctionalInterface
	public interface Admission {

		boolean admits(@Nullable Caller caller, @Nullable String accountIdInPath);

	}

	static TableRoute open(RouteGuard.Route route) {
		return new TableRoute(route.method(), route.pattern(), (caller, account) -> true);
	}

}
