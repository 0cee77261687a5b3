package dev.passwordreset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the dependency directions of the package tree: the API faces depend on the core,
 * never the reverse, and the lower features stay free of the higher ones.
 */
class PackageDependencyTests {

	private static final Path MAIN = Path.of("src/main/java/dev/passwordreset");

	/** For each feature, the features it must not import. */
	private static final Map<String, List<String>> FORBIDDEN = Map.of("identity",
			List.of("api", "security", "password", "bootstrap", "reset", "audit"), "password",
			List.of("api", "security", "identity", "bootstrap", "reset", "audit"), "security",
			List.of("api", "password", "bootstrap", "reset"), "bootstrap", List.of("api"), "reset",
			List.of("api", "security", "bootstrap"), "audit",
			List.of("api", "identity", "password", "security", "bootstrap"), "mail",
			List.of("api", "identity", "password", "security", "bootstrap", "reset"), "otp",
			List.of("api", "security", "bootstrap", "reset"), "ratelimit",
			List.of("api", "identity", "password", "security", "bootstrap", "reset", "audit", "mail"), "sms",
			List.of("api", "identity", "password", "security", "bootstrap", "reset", "audit", "mail", "otp",
					"ratelimit"));

	@Test
	void coreFeaturesNeverImportTheApiFacesOrHigherFeatures() throws IOException {
		for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
			try (Stream<Path> sources = Files.walk(MAIN.resolve(rule.getKey()))) {
				for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
					String code = Files.readString(source);
					for (String forbidden : rule.getValue()) {
						assertThat(code).as("%s imports dev.passwordreset.%s", source, forbidden)
							.doesNotContain("import dev.passwordreset." + forbidden + ".");
					}
				}
			}
		}
	}

	@Test
	void onlyTheApiFacesKnowTheApiDescription() throws IOException {
		try (Stream<Path> sources = Files.walk(MAIN)) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java"))
				.filter((path) -> !path.startsWith(MAIN.resolve("api")))
				.toList()) {
				assertThat(Files.readString(source)).as(source.toString())
					.doesNotContain("import org.springdoc.")
					.doesNotContain("import io.swagger.");
			}
		}
	}

	@Test
	void theSharedWebPackageDoesNotDependOnAnyFace() throws IOException {
		try (Stream<Path> sources = Files.list(MAIN.resolve("api"))) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				assertThat(Files.readString(source)).as(source.toString())
					.doesNotContain("import dev.passwordreset.api.");
			}
		}
	}

}
