package dev.passwordreset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries, checked in the compiled classes rather than in the source text,
 * so that a static import, a fully qualified name or a type reached through a method
 * signature counts as much as an import.
 * <p>
 * Each direct sub-package of {@code dev.passwordreset} is a Spring Modulith application
 * module, and each API face ({@code api.identitycenter}, {@code api.oam},
 * {@code api.page}) is a module nested in {@code api}. Every module lists in its
 * {@code package-info.java} the modules it may use ({@code allowedDependencies});
 * {@link ApplicationModules#verify()} rejects any other dependency, any use of a type
 * that a module does not expose, and any cycle. The root package is the application's
 * shared ground ({@code PasswordResetApplication}, {@code DataDirectory}, the JPA setup,
 * {@code SingleUseRows}): every feature may use it, so it may use no feature.
 * <p>
 * One thing no bytecode check sees: the compiler copies a {@code static final} constant
 * of a primitive or {@code String} type into the class that reads it, leaving no
 * reference behind. The imports in the sources are therefore checked against the same
 * declared dependencies as well.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(PasswordResetApplication.class);

	private static final JavaClasses CLASSES = ourClassesAlone();

	private static final Path MAIN = Path.of("src/main/java");

	/** The package of a type of ours named by an import, static or not. */
	private static final Pattern OUR_IMPORT = Pattern
		.compile("^import\\s+(?:static\\s+)?(dev\\.passwordreset(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

	/** Where the generated module diagrams are kept, in the repository. */
	private static final Path DOCS = Path.of("docs/modules");

	@Test
	void modulesUseOnlyTheModulesTheyDeclareAndFormNoCycle() {
		MODULES.verify();
	}

	@Test
	void eachApiFaceIsAModuleOfItsOwnInsideTheSharedWebModule() {
		ApplicationModule api = MODULES.getModuleByName("api").orElseThrow();
		assertThat(MODULES.getNestedModules(api)).extracting((module) -> module.getBasePackage().getName())
			.containsExactlyInAnyOrder("dev.passwordreset.api.identitycenter", "dev.passwordreset.api.oam",
					"dev.passwordreset.api.page");
	}

	@Test
	void everyModuleDeclaresTheModulesItMayUse() throws ClassNotFoundException {
		for (ApplicationModule module : MODULES) {
			String packageName = module.getBasePackage().getName();
			org.springframework.modulith.ApplicationModule declaration = Class.forName(packageName + ".package-info")
				.getAnnotation(org.springframework.modulith.ApplicationModule.class);
			assertThat(declaration).as("@ApplicationModule on %s", packageName).isNotNull();
			assertThat(declaration.allowedDependencies()).as("allowedDependencies of %s", packageName)
				.doesNotContain(org.springframework.modulith.ApplicationModule.OPEN_TOKEN);
		}
	}

	@Test
	void theApiFacesNeverUseEachOther() {
		slices().matching("dev.passwordreset.api.(*)..").should().notDependOnEachOther().check(CLASSES);
	}

	@Test
	void nothingOutsideTheApiUsesTheApi() {
		noClasses().that()
			.resideOutsideOfPackage("dev.passwordreset.api..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.passwordreset.api..")
			.check(CLASSES);
	}

	@Test
	void theRootPackageUsesNoFeature() {
		noClasses().that()
			.resideInAPackage("dev.passwordreset")
			.should()
			.dependOnClassesThat(
					resideInAPackage("dev.passwordreset..").and(resideInAPackage("dev.passwordreset").negate()))
			.check(CLASSES);
	}

	@Test
	void onlyTheApiKnowsTheApiDescription() {
		noClasses().that()
			.resideOutsideOfPackage("dev.passwordreset.api..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springdoc..", "io.swagger..")
			.check(CLASSES);
	}

	/**
	 * What the bytecode cannot show: an import of a constant that the compiler copied in.
	 * Every import of one of our types, static or not, must stay inside the module or go
	 * to a module it declares.
	 */
	@Test
	void importsReachOnlyDeclaredModulesEvenForCopiedConstants() throws IOException {
		List<String> violations = new ArrayList<>();
		try (Stream<Path> sources = Files.walk(MAIN.resolve("dev/passwordreset"))) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String packageName = MAIN.relativize(source.getParent()).toString().replace('/', '.');
				Optional<ApplicationModule> from = moduleOf(packageName);
				Matcher imports = OUR_IMPORT.matcher(Files.readString(source));
				while (imports.find()) {
					Optional<ApplicationModule> to = moduleOf(imports.group(1));
					if (to.isPresent() && !to.equals(from) && !mayUse(from, to.get())) {
						violations.add("%s imports %s, but %s does not declare %s".formatted(MAIN.relativize(source),
								imports.group(1), from.map(ApplicationModule::getIdentifier).orElse(null),
								to.get().getIdentifier()));
					}
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	/**
	 * Our classes, with the library classes they use known by name only. ArchUnit would
	 * otherwise import every library class they reach from the classpath, most of the
	 * import's time, for rules that only match package names. Spring Modulith's own
	 * import ({@link #MODULES}, made first) keeps resolving them.
	 */
	private static JavaClasses ourClassesAlone() {
		ArchConfiguration configuration = ArchConfiguration.get();
		boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
		configuration.setResolveMissingDependenciesFromClassPath(false);
		try {
			return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("dev.passwordreset");
		}
		finally {
			configuration.setResolveMissingDependenciesFromClassPath(resolve);
		}
	}

	/** The innermost module whose base package holds the package; none for the root. */
	private static Optional<ApplicationModule> moduleOf(String packageName) {
		return MODULES.stream()
			.filter((module) -> (packageName + ".").startsWith(module.getBasePackage().getName() + "."))
			.max(Comparator.comparingInt((module) -> module.getBasePackage().getName().length()));
	}

	private static boolean mayUse(Optional<ApplicationModule> from, ApplicationModule to) {
		return from.isPresent() && from.get()
			.getAllowedDependencies(MODULES)
			.stream()
			.anyMatch((allowed) -> allowed.getTargetModule().equals(to));
	}

	/**
	 * The diagrams in {@code docs/modules} are generated from the modules; this fails
	 * when they no longer match. {@code ./mvnw test -Dtest=ModularityTests
	 * -Dmodules.docs.update=true} writes them anew.
	 */
	@Test
	void theModuleDiagramsInDocsAreUpToDate() throws IOException {
		Path generated = Path.of("target/modules-docs");
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
			.writeModulesAsPlantUml(DiagramOptions.defaults())
			.writeIndividualModulesAsPlantUml(DiagramOptions.defaults())
			.writeAggregatingDocument();
		inStableOrder(generated);
		if (Boolean.getBoolean("modules.docs.update")) {
			replaceGeneratedDocs(generated);
		}
		Map<String, String> kept = generatedDocs(DOCS);
		Map<String, String> current = generatedDocs(generated);
		Set<String> names = new TreeSet<>(kept.keySet());
		names.addAll(current.keySet());
		names.removeIf((name) -> Objects.equals(kept.get(name), current.get(name)));
		assertThat(names)
			.as("files in docs/modules that differ from the modules; regenerate them with "
					+ "./mvnw test -Dtest=ModularityTests -Dmodules.docs.update=true")
			.isEmpty();
	}

	/**
	 * The Documenter lists a diagram's components and relationships in whatever order it
	 * met them, which changes from run to run; sorted, a file changes only when the
	 * modules do.
	 */
	private static void inStableOrder(Path generated) throws IOException {
		try (Stream<Path> files = Files.list(generated)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".puml")).toList()) {
				List<String> lines = new ArrayList<>(Files.readAllLines(file));
				int start = 0;
				while (start < lines.size()) {
					int end = start;
					while (end < lines.size() && isListed(lines.get(end))) {
						end++;
					}
					if (end > start) {
						lines.subList(start, end).sort(Comparator.naturalOrder());
					}
					start = end + 1;
				}
				Files.write(file, lines);
			}
		}
	}

	private static boolean isListed(String line) {
		return line.stripLeading().startsWith("Component(") || line.startsWith("Rel(");
	}

	private static void replaceGeneratedDocs(Path generated) throws IOException {
		Files.createDirectories(DOCS);
		for (String name : generatedDocs(DOCS).keySet()) {
			Files.delete(DOCS.resolve(name));
		}
		for (String name : generatedDocs(generated).keySet()) {
			Files.copy(generated.resolve(name), DOCS.resolve(name));
		}
	}

	/** The files the Documenter writes, by name; the hand-written README is not one. */
	private static Map<String, String> generatedDocs(Path folder) throws IOException {
		Map<String, String> contents = new TreeMap<>();
		if (!Files.isDirectory(folder)) {
			return contents;
		}
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((path) -> !path.getFileName().toString().equals("README.md")).toList()) {
				contents.put(file.getFileName().toString(), Files.readString(file));
			}
		}
		return contents;
	}

}
