package dev.passwordreset;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration the pages document is the configuration the service has. Our
 * properties come from the metadata the configuration processor writes at compile time
 * from the {@code @ConfigurationProperties} records; Spring Boot's and springdoc's from
 * the metadata in their jars. So renaming a record component, or a property the pages
 * name, fails here until the pages follow.
 */
class ConfigurationDocumentationTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** A property name, up to a value ({@code name=value}) or the end of the code. */
	private static final Pattern PROPERTY = Pattern
		.compile("^((?:reset|spring|server|management|springdoc|logging)\\.[A-Za-z0-9.\\-\\[\\]<>*]+)(?:=.*)?$");

	private static final Pattern LEADING_CODE = Pattern.compile("^`([^`]+)`");

	/** Every property and group of every metadata file on the class path, by name. */
	private static final Map<String, JsonNode> properties = new HashMap<>();

	private static final Set<String> groups = new HashSet<>();

	/** The properties of this service's own metadata, the one outside any jar. */
	private static final Map<String, JsonNode> ownProperties = new LinkedHashMap<>();

	@BeforeAll
	static void readMetadata() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : Collections
			.list(ConfigurationDocumentationTests.class.getClassLoader().getResources(METADATA))) {
			JsonNode metadata;
			try (InputStream in = url.openStream()) {
				metadata = json.readTree(in);
			}
			boolean own = url.getProtocol().equals("file");
			for (JsonNode property : metadata.path("properties")) {
				properties.put(property.get("name").asString(), property);
				if (own) {
					ownProperties.put(property.get("name").asString(), property);
				}
			}
			for (JsonNode group : metadata.path("groups")) {
				groups.add(group.get("name").asString());
			}
		}
		assertThat(ownProperties).as("this service's metadata, written by spring-boot-configuration-processor")
			.containsKey("reset.data-dir");
	}

	@Test
	void everyPropertyThePagesNameExistsInTheConfigurationMetadata() {
		List<String> unknown = new ArrayList<>();
		for (Documentation page : Documentation.pages()) {
			List<String> named = new ArrayList<>(page.codeSpans());
			named.addAll(page.fencedLines("properties"));
			for (String text : named) {
				Matcher property = PROPERTY.matcher(text.trim());
				if (property.matches() && !exists(property.group(1))) {
					unknown.add(property.group(1) + " (" + page + ")");
				}
			}
		}
		assertThat(unknown).as("properties the pages name that the service does not have").isEmpty();
	}

	@Test
	void everyResetPropertyIsInTheConfigurationTable() {
		Set<String> documented = configurationTable().keySet();
		assertThat(ownProperties.keySet().stream().filter((name) -> !documented.contains(name)))
			.as("reset.* properties missing from docs/configuration.md")
			.isEmpty();
	}

	@Test
	void theConfigurationTableShowsTheDefaultsTheServiceUses() throws IOException {
		Properties applicationProperties = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"),
				StandardCharsets.UTF_8)) {
			applicationProperties.load(reader);
		}
		Map<String, String> wrong = new LinkedHashMap<>();
		configurationTable().forEach((name, documentedDefault) -> {
			Matcher code = LEADING_CODE.matcher(documentedDefault);
			if (!code.find()) {
				return; // a default in words ("generated", "none"): nothing to compare
			}
			String actual = applicationProperties.getProperty(name, defaultValue(name));
			if (!code.group(1).equals(actual)) {
				wrong.put(name, "documented " + code.group(1) + ", the service's " + actual);
			}
		});
		assertThat(wrong).as("defaults in docs/configuration.md").isEmpty();
	}

	@Test
	void everyResetPropertyHasADescription() {
		assertThat(ownProperties.values()
			.stream()
			.filter((property) -> text(property, "description").isBlank()
					|| text(property, "description").contains("{@"))
			.map((property) -> text(property, "name")))
			.as("properties without a plain-text description: the @param Javadoc of their record component")
			.isEmpty();
	}

	/** The first column's property name, and the default column, of each row. */
	private static Map<String, String> configurationTable() {
		Map<String, String> table = new LinkedHashMap<>();
		for (List<String> row : Documentation.page("configuration.md").tableRows("property", "default", "meaning")) {
			Matcher name = LEADING_CODE.matcher(row.get(0));
			assertThat(name.find()).as("a property name in code: %s", row).isTrue();
			assertThat(row.get(0)).as("one property per row").isEqualTo("`" + name.group(1) + "`");
			table.put(name.group(1), row.get(1));
		}
		assertThat(table).as("the property table of docs/configuration.md").isNotEmpty();
		return table;
	}

	/**
	 * A property, a group, a key under a map or list property
	 * ({@code reset.sms.headers.X},
	 * {@code reset.security.jwt.trusted-issuers[0].issuer}), or with {@code .*} any
	 * property under that prefix.
	 */
	private static boolean exists(String name) {
		if (name.endsWith(".*")) {
			String prefix = name.substring(0, name.length() - 1);
			return properties.keySet().stream().anyMatch((property) -> property.startsWith(prefix));
		}
		if (properties.containsKey(name) || groups.contains(name)) {
			return true;
		}
		return properties.values()
			.stream()
			.filter((property) -> text(property, "type").matches("java\\.util\\.(Map|List|Set)<.*"))
			.map((property) -> property.get("name").asString())
			.anyMatch((container) -> name.startsWith(container + ".") || name.startsWith(container + "["));
	}

	private static String text(JsonNode node, String field) {
		return node.has(field) ? node.get(field).asString() : "";
	}

	/**
	 * The metadata's default as the pages write it: {@code 15m}, {@code true},
	 * {@code a,b}.
	 */
	private static String defaultValue(String name) {
		JsonNode property = properties.get(name);
		if (property == null || !property.has("defaultValue")) {
			return "(none)";
		}
		JsonNode value = property.get("defaultValue");
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(",", items);
		}
		return value.asString();
	}

}
