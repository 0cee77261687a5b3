package dev.passwordreset.api.identitycenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
	private static final Pattern CODE_LITERAL = Pattern.compile("\"((?:IIC|APIGW)\\.[0-9]+)\"");

	private static final Path FACE_SOURCES = Path.of("src/main/java/dev/passwordreset/api/identitycenter");

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
	void everyCodeOfTheErrorTableIsOneTheFaceAnswersWith() throws IOException {
		List<List<String>> rows = errorTable();
		Set<String> literals = codeLiterals();
		List<String> unknown = new ArrayList<>();
		for (List<String> row : rows) {
			int status = Integer.parseInt(row.get(0));
			String code = row.get(1).replace("`", "");
			if (!IdentityCenterErrors.codeFor(status).equals(code) && !literals.contains(code)) {
				unknown.add(status + " " + code);
			}
		}
		assertThat(unknown).as("codes in docs/identity-center.md the face never answers with").isEmpty();
	}

	@Test
	void everyCodeTheFaceAnswersWithIsInTheErrorTable() throws IOException {
		Set<String> documented = new TreeSet<>();
		errorTable().forEach((row) -> documented.add(row.get(1).replace("`", "")));
		assertThat(documented).as("the error table of docs/identity-center.md").containsAll(codeLiterals());
	}

	private static List<List<String>> errorTable() {
		List<List<String>> rows = Documentation.page("identity-center.md").tableRows("HTTP", "error_code", "when");
		assertThat(rows).as("the error table of docs/identity-center.md").hasSizeGreaterThan(10);
		return rows;
	}

	private static Set<String> codeLiterals() throws IOException {
		Set<String> codes = new TreeSet<>();
		try (Stream<Path> files = Files.list(FACE_SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Matcher literal = CODE_LITERAL.matcher(Files.readString(file));
				while (literal.find()) {
					codes.add(literal.group(1));
				}
			}
		}
		assertThat(codes).as("error codes in the face's sources").contains("IIC.400", "APIGW.0301");
		return codes;
	}

}
