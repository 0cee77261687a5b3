package dev.passwordreset.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the faces' error texts where issue 15 put them: no face reads an exception's
 * message (a core refusal is worded from its reason and facts, a framework's from known
 * facts), and every {@code IIC.} or {@code APIGW.} code is spelt in
 * {@code IdentityCenterCode} only. The main sources are read as text, so a new file is
 * checked without being listed here.
 */
class ErrorTextSourceTests {

	private static final Path API = Path.of("src/main/java/dev/passwordreset/api");

	private static final Pattern MESSAGE = Pattern.compile("\\.get(Localized)?Message\\(\\)");

	private static final Pattern CODE = Pattern.compile("\"(IIC|APIGW)\\.");

	/**
	 * Shared classes of {@code api} that read a message to classify a failure or to leave
	 * it out of a log line, never to answer with it.
	 */
	private static final Set<String> CLASSIFY_BY_MESSAGE = Set.of("UnreadableBodies.java", "DatabaseFailures.java",
			"LoggableFailures.java");

	private static final String CODES = "IdentityCenterCode.java";

	@Test
	void noFaceReadsAnExceptionsMessage() throws IOException {
		assertThat(violations(sources(), MESSAGE, CLASSIFY_BY_MESSAGE)).as("exception messages read by the faces")
			.isEmpty();
	}

	@Test
	void everyIdentityCenterCodeIsSpeltInTheCodeEnumOnly() throws IOException {
		Map<Path, String> sources = sources();
		assertThat(violations(sources, CODE, Set.of(CODES))).as("codes spelt outside " + CODES).isEmpty();
		assertThat(sources.keySet()).as("the enum the codes live in").anyMatch((path) -> path.endsWith(CODES));
	}

	@Test
	void theScanReportsAMessageReadAndACodeSpeltOutsideTheEnum() {
		Map<Path, String> sources = Map.of(Path.of("oam/Handler.java"),
				"class Handler {\n\tvoid x(Exception ex) {\n\t\twrite(ex.getMessage());\n\t}\n}\n",
				Path.of("identitycenter/Handler.java"), "class Handler {\n\tString code = \"IIC.4010\";\n}\n",
				Path.of("identitycenter/" + CODES), "enum IdentityCenterCode {\n\tA(\"IIC.400\");\n}\n");
		assertThat(violations(sources, MESSAGE, Set.of())).containsExactly("oam/Handler.java:3");
		assertThat(violations(sources, CODE, Set.of(CODES))).containsExactly("identitycenter/Handler.java:2");
	}

	private static Map<Path, String> sources() throws IOException {
		assertThat(API).as("run from the project's root").isDirectory();
		try (Stream<Path> files = Files.walk(API)) {
			List<Path> javaFiles = files.filter((path) -> path.toString().endsWith(".java")).toList();
			assertThat(javaFiles).as("the faces' sources").hasSizeGreaterThan(50);
			javaFiles.forEach((path) -> assertThat(path).isRegularFile());
			return javaFiles.stream()
				.collect(Collectors.toMap((path) -> API.relativize(path), ErrorTextSourceTests::read));
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code file:line} of each match, skipping the files allowed by name. */
	private static List<String> violations(Map<Path, String> sources, Pattern pattern, Set<String> allowed) {
		List<String> found = new ArrayList<>();
		sources.forEach((path, text) -> {
			if (allowed.contains(path.getFileName().toString())) {
				return;
			}
			String[] lines = text.split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				Matcher matcher = pattern.matcher(lines[i]);
				if (matcher.find()) {
					found.add(path.toString().replace('\\', '/') + ":" + (i + 1));
				}
			}
		});
		return found;
	}

}
