package dev.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.passwordreset.HttpApi.ApiResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Holds every answer a journey gets from {@code /v1}, {@code /v3.0}, {@code /v5} or
 * {@code /oam} to the OpenAPI document the same server publishes at {@code /v3/api-docs}:
 * a status the operation does not list, a body or {@code Content-Type} it does not
 * describe, a missing required field, a wrong type, a {@code null} where the schema
 * allows none, a value outside its pattern, length or range, or a missing documented
 * header fails the test that got the answer.
 * <p>
 * Bodies are checked by networknt's JSON Schema 2020-12 validator in the OpenAPI 3.1
 * dialect, against the schemas of the document as springdoc writes it; what OpenAPI adds
 * around the schemas (operation, status, media type, header) is looked up here.
 * Atlassian's request validator reads OpenAPI 3.1 only from its 3.0.0, which needs Java
 * 21, and its 2.x reads 3.0 only.
 * <p>
 * Only answers are held to the document, not requests: journeys send malformed requests
 * on purpose, and {@code DocumentedConstraintsTests} proves from the document's own
 * bounds that the server refuses what the document rules out. A request to a path or
 * method the document does not describe (and {@code HEAD}, {@code OPTIONS}) has no
 * operation to hold it to and is left alone.
 * <p>
 * What was validated is written to {@code target/openapi-validation/} when the JVM ends,
 * one line per operation and status, so that a run says how much of the document the
 * journeys exercised.
 */
final class DocumentedTraffic {

	private static final Pattern API_PATH = Pattern.compile("/(v1|v3\\.0|v5|oam)(/.*)?");

	private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final Map<String, Optional<Document>> DOCUMENTS = new ConcurrentHashMap<>();

	private static final Set<String> VALIDATED = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(DocumentedTraffic::writeSummary));
	}

	private DocumentedTraffic() {
	}

	/**
	 * Validates one answer; an answer the document does not describe throws
	 * {@link AssertionError}.
	 */
	static void check(String base, String method, String pathAndQuery, ApiResponse response) {
		String path = pathAndQuery.split("\\?", 2)[0];
		String verb = method.toUpperCase(Locale.ROOT);
		if (!API_PATH.matcher(path).matches() || !METHODS.contains(verb)) {
			return;
		}
		Optional<Document> document = DOCUMENTS.computeIfAbsent(base, DocumentedTraffic::fetch);
		if (document.isEmpty()) {
			return;
		}
		document.get().check(verb, path, response);
	}

	/** The answers a run found as documented, as {@code METHOD /template status}. */
	static Set<String> validated() {
		return Set.copyOf(VALIDATED);
	}

	private static Optional<Document> fetch(String base) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			var response = CLIENT.send(request, BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return Optional.empty();
			}
			writeFile("api-docs.json", response.body());
			return Optional.of(new Document(HttpApi.JSON.readTree(response.body())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void writeSummary() {
		if (!VALIDATED.isEmpty()) {
			String pass = System.getProperty("test.database", "h2");
			writeFile("validated-" + pass + ".txt", String.join("\n", new TreeSet<>(VALIDATED)) + "\n");
		}
	}

	private static void writeFile(String name, String content) {
		try {
			Path directory = Path.of("target", "openapi-validation");
			Files.createDirectories(directory);
			Files.writeString(directory.resolve(name), content);
		}
		catch (IOException ex) {
			// A summary for people; the validation itself has already happened.
		}
	}

	/**
	 * One server's document, its operations matched as Spring matches them, its schemas
	 * compiled once.
	 */
	private static final class Document {

		private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDialect(Dialects.getOpenApi31());

		private final JsonNode document;

		private final List<Map.Entry<String, Pattern>> operations = new ArrayList<>();

		private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

		Document(JsonNode document) {
			this.document = document;
			document.get("paths").properties().forEach((path) -> path.getValue().propertyNames().forEach((method) -> {
				String template = path.getKey();
				String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
				this.operations
					.add(Map.entry(method.toUpperCase(Locale.ROOT) + " " + template, Pattern.compile(regex)));
			}));
			// A literal segment wins over a variable, as in Spring's matching.
			this.operations.sort(Comparator.comparingLong(
					(Map.Entry<String, Pattern> entry) -> entry.getKey().chars().filter((c) -> c == '{').count()));
		}

		void check(String method, String path, ApiResponse response) {
			Optional<String> match = this.operations.stream()
				.filter((entry) -> entry.getKey().startsWith(method + " ") && entry.getValue().matcher(path).matches())
				.map(Map.Entry::getKey)
				.findFirst();
			if (match.isEmpty()) {
				return;
			}
			String operation = match.get();
			String template = operation.substring(method.length() + 1);
			JsonNode responses = this.document.path("paths")
				.path(template)
				.path(method.toLowerCase(Locale.ROOT))
				.path("responses");
			String status = Integer.toString(response.status());
			JsonNode described = responses.has(status) ? responses.get(status) : responses.has(status.charAt(0) + "XX")
					? responses.get(status.charAt(0) + "XX") : responses.get("default");
			List<String> problems = new ArrayList<>();
			if (described == null) {
				problems.add("status " + status + " is not documented; documented: " + responses.propertyNames());
			}
			else {
				checkHeaders(operation + " " + status, described, response, problems);
				checkBody(operation + " " + status, described, response, problems);
			}
			if (problems.isEmpty()) {
				VALIDATED.add(operation + " " + status);
			}
			else {
				throw new AssertionError(
						operation + " answered " + status + " in a way the OpenAPI document does not describe:\n  "
								+ String.join("\n  ", problems) + "\n  body: " + response.body());
			}
		}

		private void checkHeaders(String key, JsonNode described, ApiResponse response, List<String> problems) {
			described.path("headers").properties().forEach((header) -> {
				String value = response.header(header.getKey());
				if (value == null) {
					if (header.getValue().path("required").asBoolean(false)) {
						problems.add("documented header " + header.getKey() + " is missing");
					}
					return;
				}
				JsonNode schema = header.getValue().path("schema");
				JsonNode instance = JsonNodeFactory.instance.stringNode(value);
				if (schema.path("type").asString("").equals("integer")) {
					try {
						instance = JsonNodeFactory.instance.numberNode(Long.parseLong(value));
					}
					catch (NumberFormatException ex) {
						problems.add("header " + header.getKey() + ": " + value + " is not an integer");
						return;
					}
				}
				validate(key + " header " + header.getKey(), "header " + header.getKey(), schema, instance, problems);
			});
		}

		private void checkBody(String key, JsonNode described, ApiResponse response, List<String> problems) {
			String body = (response.body() != null) ? response.body() : "";
			JsonNode content = described.get("content");
			if (content == null || content.isEmpty()) {
				if (!body.isEmpty()) {
					problems.add("a body came although none is documented");
				}
				return;
			}
			if (body.isEmpty()) {
				problems.add("no body came although one is documented");
				return;
			}
			String contentType = Optional.ofNullable(response.header("Content-Type")).orElse("");
			String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
			String documented = content.has(mediaType) ? mediaType : content.has(mediaType.split("/", 2)[0] + "/*")
					? mediaType.split("/", 2)[0] + "/*" : content.has("*/*") ? "*/*" : null;
			if (documented == null) {
				problems
					.add("Content-Type " + contentType + " is not documented; documented: " + content.propertyNames());
				return;
			}
			JsonNode schema = content.get(documented).get("schema");
			if (schema == null || !mediaType.contains("json")) {
				return;
			}
			JsonNode instance;
			try {
				instance = HttpApi.JSON.readTree(body);
			}
			catch (JacksonException ex) {
				problems.add("the body is not JSON although " + contentType + " says so");
				return;
			}
			Schema compiled = this.compiled.computeIfAbsent(key + " " + documented, (ignored) -> compile(schema));
			compiled.validate(instance).forEach((error) -> problems.add(describe(error)));
		}

		// Compiled once per operation, status and header, as the bodies' schemas are: the
		// journeys get thousands of answers, and each carries documented headers.
		private void validate(String key, String what, JsonNode schema, JsonNode instance, List<String> problems) {
			this.compiled.computeIfAbsent(key, (ignored) -> compile(schema))
				.validate(instance)
				.forEach((error) -> problems.add(what + ": " + describe(error)));
		}

		/**
		 * The schema with the document's components beside it, so that its references
		 * resolve.
		 */
		private Schema compile(JsonNode schema) {
			ObjectNode root = JsonNodeFactory.instance.objectNode();
			root.setAll((ObjectNode) schema);
			root.set("components", this.document.path("components"));
			return SCHEMAS.getSchema(root);
		}

		private static String describe(Error error) {
			return error.getInstanceLocation() + ": " + error.getMessage();
		}

	}

}
