package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.passwordreset.Documentation;
import dev.passwordreset.Documentation.DocumentedCall;
import dev.passwordreset.api.TableRoute;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Huawei face's paths and error codes, as the pages show them, are the face's own: a
 * route renamed in {@link IdentityCenterAction}, or an error code changed, fails here
 * until the pages follow.
 */
class IdentityCenterDocumentationTests {

	/** The face's error codes as they stand in its code: {@code "IIC.1257"}. */

	@Test
	void everyPathThePagesShowIsARouteOfTheFace() {
		List<TableRoute> routes = IdentityCenterRouteTable.routes();
		List<DocumentedCall> calls = Documentation.pages()
			.stream()
			.flatMap((page) -> page.calls("/v1", "/v3.0", "/v5").stream())
			.toList();
		assertThat(calls).as("the pages show the face's calls").hasSizeGreaterThan(40);
		assertThat(calls.stream()
			.filter((call) -> routes.stream()
				.noneMatch((route) -> call.isServedBy(route.method().name(), route.pattern()))))
			.as("calls that no route of IdentityCenterAction serves")
			.isEmpty();
	}

	@Test
	void everyRowOfTheErrorTableIsACodeTheFaceAnswersWithAtItsStatus() {
		List<String> unknown = new ArrayList<>();
		for (List<String> row : errorTable()) {
			int status = Integer.parseInt(row.get(0));
			String code = row.get(1).replace("`", "");
			boolean answered = IdentityCenterCode.codeFor(status).equals(code) || Stream.of(IdentityCenterCode.values())
				.anyMatch((constant) -> constant.code().equals(code) && constant.status() == status);
			if (!answered) {
				unknown.add(status + " " + code);
			}
		}
		assertThat(unknown).as("rows of docs/identity-center.md's error table the face never answers with").isEmpty();
	}

	@Test
	void everyCodeTheFaceAnswersWithIsInTheErrorTable() {
		Set<String> documented = new TreeSet<>();
		errorTable().forEach((row) -> documented.add(row.get(0) + " " + row.get(1).replace("`", "")));
		assertThat(Stream.of(IdentityCenterCode.values()).map((constant) -> constant.status() + " " + constant.code()))
			.as("codes of IdentityCenterCode missing from the error table of docs/identity-center.md")
			.allMatch(documented::contains);
	}

	private static List<List<String>> errorTable() {
		List<List<String>> rows = Documentation.page("identity-center.md").tableRows("HTTP", "error_code", "when");
		assertThat(rows).as("the error table of docs/identity-center.md").hasSizeGreaterThan(10);
		return rows;
	}

}
