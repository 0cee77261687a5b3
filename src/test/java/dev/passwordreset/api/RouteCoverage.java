package dev.passwordreset.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Compares what the handlers serve with what the security chains' route tables list. A
 * handler route that no table lists is a hole: the chain would refuse it (404 or 405)
 * today, but the only thing keeping it closed would be that refusal, not a decision about
 * who may call it. So every handler route must be in its chain's table, and every face's
 * table route must have a handler.
 */
final class RouteCoverage {

	/**
	 * The methods a handler mapping without a method condition answers, as far as tables
	 * go.
	 */
	static final List<String> ANY_METHOD = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}]+)}|\\*\\*");

	private RouteCoverage() {
	}

	/** One pattern of a handler mapping with the methods it takes. */
	record HandlerRoute(String pattern, Set<String> methods) {

		static List<HandlerRoute> of(Collection<RequestMappingInfo> mappings) {
			List<HandlerRoute> routes = new ArrayList<>();
			for (RequestMappingInfo info : mappings) {
				Set<String> methods = new LinkedHashSet<>();
				info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).forEach(methods::add);
				if (methods.isEmpty()) {
					methods.addAll(ANY_METHOD);
				}
				for (String pattern : info.getPatternValues()) {
					routes.add(new HandlerRoute(pattern, methods));
				}
			}
			return routes;
		}

	}

	/**
	 * A concrete path for a pattern: each variable replaced by the sample value for its
	 * name, or by {@code x}; a catch-all by {@code liveness}.
	 */
	static String sample(String pattern, Map<String, String> values) {
		Matcher variable = VARIABLE.matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (variable.find()) {
			String name = (variable.group(1) != null) ? variable.group(1) : "**";
			String value = values.getOrDefault(name,
					name.equals("**") || variable.group().startsWith("{*") ? "liveness" : "x");
			variable.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		variable.appendTail(path);
		return path.toString();
	}

	static boolean matches(String pattern, String path) {
		return PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(path));
	}

	/**
	 * The handler routes ({@code METHOD pattern}) that the table of the chain serving
	 * their path does not list; {@code outside} names the handler patterns left out of
	 * every table on purpose.
	 */
	static List<String> unlisted(List<HandlerRoute> handlers, Function<String, List<TableRoute>> tableOf,
			Set<String> outside) {
		List<String> unlisted = new ArrayList<>();
		for (HandlerRoute handler : handlers) {
			if (outside.contains(handler.pattern())) {
				continue;
			}
			String path = sample(handler.pattern(), Map.of());
			for (String method : handler.methods()) {
				boolean listed = tableOf.apply(path)
					.stream()
					.anyMatch((route) -> route.method().name().equals(method) && matches(route.pattern(), path));
				if (!listed) {
					unlisted.add(method + " " + handler.pattern());
				}
			}
		}
		return unlisted;
	}

	/** The table routes ({@code METHOD pattern}) that no handler serves. */
	static List<String> unserved(List<TableRoute> table, List<HandlerRoute> handlers) {
		List<String> unserved = new ArrayList<>();
		for (TableRoute route : table) {
			String path = sample(route.pattern(), Map.of());
			boolean served = handlers.stream()
				.anyMatch((handler) -> handler.methods().contains(route.method().name())
						&& matches(handler.pattern(), path));
			if (!served) {
				unserved.add(route.method().name() + " " + route.pattern());
			}
		}
		return unserved;
	}

}
