package dev.passwordreset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

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
 * shared ground ({@code PasswordResetApplication}, {@code DataDirectory}, the JPA setup):
 * every feature may use it, so it may use no feature.
 * <p>
 * One thing no bytecode check sees: the compiler copies a {@code static final} constant
 * of a primitive or {@code String} type into the class that reads it, leaving no
 * reference behind.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(PasswordResetApplication.class);

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.passwordreset");

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
