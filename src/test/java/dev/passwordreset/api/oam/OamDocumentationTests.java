package dev.passwordreset.api.oam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.Documentation;
import dev.passwordreset.Documentation.DocumentedCall;
import dev.passwordreset.api.RouteGuard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAM face's paths and result codes, as the pages show them, are the face's own: a
 * route renamed in {@link OamAction}, or a result renumbered in {@link OamResult}, fails
 * here until the pages follow.
 */
class OamDocumentationTests {

	private static final Pattern LEADING_CODE = Pattern.compile("^`([^`]+)`");

	private static final Pattern LEADING_STATUS = Pattern.compile("^([0-9]{3})");

	@Test
	void everyPathThePagesShowIsARouteOfTheFace() {
		List<RouteGuard.Route> routes = OamAction.routes();
		List<DocumentedCall> calls = Documentation.pages()
			.stream()
			.flatMap((page) -> page.calls("/oam").stream())
			.toList();
		assertThat(calls).as("the pages show the face's calls").hasSizeGreaterThan(5);
		assertThat(calls.stream()
			.filter((call) -> routes.stream()
				.noneMatch((route) -> call.isServedBy(route.method().name(), route.pattern()))))
			.as("calls that no route of OamAction serves")
			.isEmpty();
	}

	@Test
	void theResultTableListsEveryResultWithItsStatusAndCodes() {
		List<String> documented = new ArrayList<>();
		for (List<String> row : Documentation.page("oam.md").tableRows("HTTP", "resultCode", "minorCode", "when")) {
			documented.add(leading(LEADING_STATUS, row.get(0)) + " " + leading(LEADING_CODE, row.get(1)) + " "
					+ leading(LEADING_CODE, row.get(2)));
		}
		List<String> answered = Arrays.stream(OamResult.values())
			.map((result) -> result.status() + " " + result.resultCode() + " " + result.minorCode())
			.toList();
		assertThat(documented).as("the result table of docs/oam.md: HTTP, resultCode, minorCode")
			.containsExactlyElementsOf(answered);
	}

	private static String leading(Pattern pattern, String cell) {
		Matcher matcher = pattern.matcher(cell);
		return matcher.find() ? matcher.group(1) : "(none: " + cell + ")";
	}

}
