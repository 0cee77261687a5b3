package dev.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The README and the pages under {@code docs/}, read the way the documentation tests need
 * them: inline code, fenced blocks, table rows, links, headings and the HTTP paths the
 * examples call. Tests run from the project's directory, as Maven starts them, so the
 * pages are read from the work tree; pages that other features add under {@code docs/}
 * are read too.
 */
public final class Documentation {

	private static final Path ROOT = Path.of("");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

	private static final Pattern METHOD_AND_PATH = Pattern
		.compile("^(?:(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) )?(/\\S*)$");

	private static final Pattern SHELL_URL_ASSIGNMENT = Pattern
		.compile("(?:^|[\\s;])([A-Za-z_][A-Za-z0-9_]*)=\"?(http://localhost:8080[^\\s\";]*)\"?");

	private static final Pattern CURL_URL = Pattern
		.compile("(http://localhost:8080|\\$[A-Za-z_][A-Za-z0-9_]*)(/[^\\s\"']*)");

	private static final Pattern CURL_METHOD = Pattern.compile("(?:-X|--request)\\s+([A-Z]+)");

	private final Path file;

	private final List<String> lines;

	private Documentation(Path file) {
		this.file = file;
		try {
			this.lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The README and every page directly under {@code docs/}. */
	public static List<Documentation> pages() {
		List<Documentation> pages = new ArrayList<>();
		pages.add(new Documentation(ROOT.resolve("README.md")));
		try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
			files.filter((file) -> file.toString().endsWith(".md"))
				.sorted()
				.map(Documentation::new)
				.forEach(pages::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	/** One page under {@code docs/}, such as {@code configuration.md}. */
	public static Documentation page(String name) {
		return new Documentation(ROOT.resolve("docs").resolve(name));
	}

	/** Any Markdown file, such as a link's target. */
	public static Documentation at(Path file) {
		return new Documentation(file);
	}

	public Path file() {
		return this.file;
	}

	public int lineCount() {
		return this.lines.size();
	}

	@Override
	public String toString() {
		return this.file.toString();
	}

	/** Inline code outside fenced blocks, in page order. */
	public List<String> codeSpans() {
		List<String> spans = new ArrayList<>();
		for (String line : prose()) {
			Matcher matcher = CODE_SPAN.matcher(line);
			while (matcher.find()) {
				spans.add(matcher.group(1));
			}
		}
		return spans;
	}

	/** The lines of the fenced blocks whose info string is {@code language}. */
	public List<String> fencedLines(String language) {
		List<String> found = new ArrayList<>();
		for (Fence fence : fences()) {
			if (fence.language().equals(language)) {
				found.addAll(fence.lines());
			}
		}
		return found;
	}

	/**
	 * The rows of the table whose header row has exactly these cells, each row as its
	 * cells, trimmed; empty when the page has no such table.
	 */
	public List<List<String>> tableRows(String... header) {
		List<List<String>> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : prose()) {
			if (!line.startsWith("|")) {
				inTable = false;
				continue;
			}
			List<String> cells = cells(line);
			if (cells.equals(List.of(header))) {
				inTable = true;
			}
			else if (inTable && !cells.stream().allMatch((cell) -> cell.matches("-+"))) {
				rows.add(cells);
			}
		}
		return rows;
	}

	/** Relative links, as written ({@code page.md#anchor}, {@code #anchor}). */
	public List<String> relativeLinks() {
		List<String> links = new ArrayList<>();
		for (String line : prose()) {
			Matcher matcher = LINK.matcher(line);
			while (matcher.find()) {
				String target = matcher.group(1);
				if (!target.matches("^[a-z]+:.*")) {
					links.add(target);
				}
			}
		}
		return links;
	}

	/**
	 * The anchors of this page's headings, as GitHub makes them: lower case, punctuation
	 * dropped, spaces as hyphens.
	 */
	public Set<String> anchors() {
		Set<String> anchors = new LinkedHashSet<>();
		for (String line : prose()) {
			Matcher matcher = HEADING.matcher(line);
			if (matcher.matches()) {
				anchors.add(matcher.group(1)
					.trim()
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
					.replace(' ', '-'));
			}
		}
		return anchors;
	}

	/**
	 * The HTTP calls this page shows under one of the given path prefixes: inline code
	 * such as {@code POST /v1/identity-stores/{id}/users}, and the curl commands of its
	 * shell examples, with the method they send (null where inline code names none).
	 * Queries are dropped. Blocks fenced as {@code http} are left out: they show requests
	 * to other servers (the SMS gateway).
	 */
	public List<DocumentedCall> calls(String... prefixes) {
		List<DocumentedCall> calls = new ArrayList<>();
		for (String span : codeSpans()) {
			Matcher matcher = METHOD_AND_PATH.matcher(span.trim());
			if (matcher.matches()) {
				calls.add(new DocumentedCall(matcher.group(1), withoutQuery(matcher.group(2)), this.file));
			}
		}
		// A shell variable (MFA=http://localhost:8080/oam/...) serves every block of the
		// page, also one that comes before it.
		List<List<String>> shell = fences().stream()
			.filter((fence) -> fence.language().equals("sh") || fence.language().equals("bash")
					|| fence.language().isEmpty())
			.map((fence) -> logicalLines(fence.lines()))
			.toList();
		Map<String, String> variables = new HashMap<>();
		for (List<String> block : shell) {
			for (String command : block) {
				Matcher assignment = SHELL_URL_ASSIGNMENT.matcher(command);
				while (assignment.find()) {
					variables.put(assignment.group(1), assignment.group(2));
				}
			}
		}
		for (List<String> block : shell) {
			calls.addAll(curlCalls(block, variables));
		}
		return calls.stream()
			.filter((call) -> Stream.of(prefixes).anyMatch((prefix) -> call.path().startsWith(prefix + "/")))
			.filter((call) -> !call.path().endsWith("/..."))
			.toList();
	}

	private List<DocumentedCall> curlCalls(List<String> commands, Map<String, String> variables) {
		List<DocumentedCall> calls = new ArrayList<>();
		for (String command : commands) {
			String code = command.replaceFirst("\\s#.*$", "");
			if (!code.contains("curl ")) {
				continue;
			}
			Matcher url = CURL_URL.matcher(code);
			while (url.find()) {
				String base = url.group(1);
				if (base.startsWith("$")) {
					String value = variables.get(base.substring(1));
					if (value == null) {
						continue;
					}
					base = value;
				}
				String path = withoutQuery((base + url.group(2)).substring("http://localhost:8080".length()));
				calls.add(new DocumentedCall(curlMethod(code), path, this.file));
			}
		}
		return calls;
	}

	private static String curlMethod(String command) {
		Matcher method = CURL_METHOD.matcher(command);
		if (method.find()) {
			return method.group(1);
		}
		return (command.contains(" -d ") || command.contains(" --data")) ? "POST" : "GET";
	}

	/** Shell lines with their backslash continuations joined. */
	private static List<String> logicalLines(List<String> block) {
		List<String> joined = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : block) {
			if (line.endsWith("\\")) {
				current.append(line, 0, line.length() - 1).append(' ');
			}
			else {
				joined.add(current.append(line).toString());
				current.setLength(0);
			}
		}
		if (!current.isEmpty()) {
			joined.add(current.toString());
		}
		return joined;
	}

	private static String withoutQuery(String path) {
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

	private static List<String> cells(String row) {
		String inner = row.strip();
		inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
		List<String> cells = new ArrayList<>();
		for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
			cells.add(cell.trim());
		}
		return cells;
	}

	/** The lines outside fenced blocks. */
	private List<String> prose() {
		List<String> prose = new ArrayList<>();
		boolean fenced = false;
		for (String line : this.lines) {
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
			}
			else if (!fenced) {
				prose.add(line);
			}
		}
		return prose;
	}

	private List<Fence> fences() {
		List<Fence> fences = new ArrayList<>();
		@Nullable String language = null;
		List<String> body = new ArrayList<>();
		for (String line : this.lines) {
			String stripped = line.strip();
			if (stripped.startsWith("```")) {
				if (language == null) {
					language = stripped.substring(3).trim();
					body = new ArrayList<>();
				}
				else {
					fences.add(new Fence(language, body));
					language = null;
				}
			}
			else if (language != null) {
				body.add(stripped);
			}
		}
		return fences;
	}

	private record Fence(String language, List<String> lines) {
	}

	/**
	 * One HTTP call a page shows: its method (null when the page names none), its path
	 * with the page's placeholders ({@code {id}}, {@code <user_id>}, {@code $S},
	 * {@code d-...}), and the page.
	 */
	public record DocumentedCall(@Nullable String method, String path, Path page) {

		private static final Pattern PLACEHOLDER = Pattern.compile("\\{.*}|<.*>|\\$.*|.*\\.\\.\\..*");

		/**
		 * Whether a route with this method and path pattern serves the call: each
		 * placeholder of the page stands where the pattern has a variable, and each
		 * literal segment is the pattern's literal or fills a variable. {@code HEAD} is
		 * served by {@code GET}.
		 */
		public boolean isServedBy(String routeMethod, String routePattern) {
			if (this.method != null && !this.method.equals(routeMethod)
					&& !(this.method.equals("HEAD") && routeMethod.equals("GET"))) {
				return false;
			}
			String[] documented = this.path.split("/", -1);
			String[] route = routePattern.split("/", -1);
			if (documented.length != route.length) {
				return false;
			}
			for (int i = 0; i < route.length; i++) {
				boolean variable = route[i].startsWith("{") && route[i].endsWith("}");
				boolean placeholder = PLACEHOLDER.matcher(documented[i]).matches();
				if (placeholder ? !variable : !(variable || route[i].equals(documented[i]))) {
					return false;
				}
			}
			return true;
		}

		@Override
		public String toString() {
			return ((this.method != null) ? this.method + " " : "") + this.path + " (" + this.page + ")";
		}

	}

}
