package dev.passwordreset.api;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage check of {@link RouteTableTests} itself: a handler route that its chain's
 * table does not list, by path or by method, is reported; so is a table route that no
 * handler serves.
 */
class RouteCoverageTests {

	private static final List<TableRoute> TABLE = List.of(
			new TableRoute(HttpMethod.GET, "/v1/things/{thing_id}", (caller, account) -> true),
			new TableRoute(HttpMethod.DELETE, "/v1/things/{thing_id}", (caller, account) -> true));

	@Test
	void aHandlerRouteThatTheTableListsPasses() {
		List<RouteCoverage.HandlerRoute> handlers = List
			.of(new RouteCoverage.HandlerRoute("/v1/things/{id}", Set.of("GET", "DELETE")));
		assertThat(RouteCoverage.unlisted(handlers, (path) -> TABLE, Set.of())).isEmpty();
		assertThat(RouteCoverage.unserved(TABLE, handlers)).isEmpty();
	}

	@Test
	void aNewPathWithoutATableEntryIsReported() {
		List<RouteCoverage.HandlerRoute> handlers = List.of(
				new RouteCoverage.HandlerRoute("/v1/things/{id}", Set.of("GET")),
				new RouteCoverage.HandlerRoute("/v1/things/{id}/secrets", Set.of("GET")));
		assertThat(RouteCoverage.unlisted(handlers, (path) -> TABLE, Set.of()))
			.containsExactly("GET /v1/things/{id}/secrets");
	}

	@Test
	void aNewMethodOnAListedPathIsReported() {
		List<RouteCoverage.HandlerRoute> handlers = List
			.of(new RouteCoverage.HandlerRoute("/v1/things/{id}", Set.of("GET", "PATCH")));
		assertThat(RouteCoverage.unlisted(handlers, (path) -> TABLE, Set.of()))
			.containsExactly("PATCH /v1/things/{id}");
	}

	@Test
	void aHandlerWithoutAMethodConditionMustBeListedForEveryMethodOrLeftOutOnPurpose() {
		List<RouteCoverage.HandlerRoute> handlers = List
			.of(new RouteCoverage.HandlerRoute("/v1/things/{id}", Set.copyOf(RouteCoverage.ANY_METHOD)));
		assertThat(RouteCoverage.unlisted(handlers, (path) -> TABLE, Set.of()))
			.containsExactlyInAnyOrder("POST /v1/things/{id}", "PUT /v1/things/{id}", "PATCH /v1/things/{id}");
		assertThat(RouteCoverage.unlisted(handlers, (path) -> TABLE, Set.of("/v1/things/{id}"))).isEmpty();
	}

	@Test
	void aTableRouteThatNoHandlerServesIsReported() {
		List<RouteCoverage.HandlerRoute> handlers = List
			.of(new RouteCoverage.HandlerRoute("/v1/things/{id}", Set.of("GET")));
		assertThat(RouteCoverage.unserved(TABLE, handlers)).containsExactly("DELETE /v1/things/{thing_id}");
	}

	@Test
	void catchAllPatternsAreSampled() {
		assertThat(RouteCoverage.sample("/actuator/health/{*path}", java.util.Map.of()))
			.isEqualTo("/actuator/health/liveness");
		assertThat(RouteCoverage.sample("/actuator/health/**", java.util.Map.of()))
			.isEqualTo("/actuator/health/liveness");
		assertThat(RouteCoverage.sample("/v1/a/{b}/c", java.util.Map.of("b", "B"))).isEqualTo("/v1/a/B/c");
	}

}
