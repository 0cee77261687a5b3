package dev.passwordreset.api.identitycenter;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever arrives, the answer is a 4xx in the error format, never a 5xx: malformed
 * bodies at every endpoint that reads one (from tables, and generated from a seeded
 * {@link Random}), bodies sent where none is read, and junk in path variables and query
 * parameters.
 * <p>
 * The generated cases are the same on every run. To explore other ones, run with
 * {@code -Dmalformed.seed=<number>}; every case name carries its seed, and a failure
 * reproduces with that seed.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedBodyTests {

	private static final long SEED = Long.getLong("malformed.seed", 20261123L);

	private static final int CASES_PER_MUTATION = 4;

	/** {@code reset.http.max-request-body-size}, by default. */
	private static final int LIMIT = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<Integer, String> CODES = Map.of(400, "IIC.400", 404, "IIC.404", 405, "IIC.405", 406,
			"IIC.406", 413, "IIC.413", 415, "IIC.415");

	private static final String MISSING_USER = "00000000-0000-4000-8000-000000000000";

	private static final String MISSING_ACCOUNT = "ffffffffffffffffffffffffffffffff";

	@LocalServerPort
	int port;

	HttpApi admin;

	String store;

	String user;

	@BeforeAll
	void fixtures() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
		ApiResponse created = this.admin.post(path("/v1/identity-stores/{store}/users"), "{\"user_name\": \"target\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.user = created.text("user_id");
	}

	/**
	 * Every endpoint that reads a body, with a body it accepts, and the JSON pointers of
	 * the values it cannot do without. An email's or phone number's {@code value} is not
	 * among them: one without a value is dropped, as Huawei's Terraform provider needs
	 * (UserProfileAttributesApiTests).
	 */
	enum Endpoint {

		CREATE_IDENTITY_STORE("POST", "/v1/identity-stores", 201, "/name", """
				{"name": "malformed-store"}""", "/name"),

		CREATE_USER("POST", "/v1/identity-stores/{store}/users", 201, "/user_name",
				"""
						{"user_name": "malformed-user", "display_name": "Mal Formed",
						 "name": {"family_name": "Formed", "given_name": "Mal", "honorific_prefix": "Dr"},
						 "nickname": "mal",
						 "emails": [{"value": "mal@example.com", "type": "work", "primary": true, "verification_status": "VERIFIED"}],
						 "phone_numbers": [{"value": "+1 555 0100", "type": "work", "primary": true}],
						 "locale": "en-US", "preferred_language": "en", "timezone": "Europe/Paris", "title": "Tester",
						 "user_type": "employee", "email_verified": true, "distinguished_name": "cn=mal,dc=example,dc=com"}""",
				"/user_name", "/emails/0", "/phone_numbers/0"),

		UPDATE_USER("PUT", "/v1/identity-stores/{store}/users/{user}", 200, null,
				"""
						{"operations": [{"attribute_path": "display_name", "attribute_value": "Target"},
						                {"attribute_path": "emails", "attribute_value": [{"value": "target@example.com", "primary": true}]}]}""",
				"/operations", "/operations/0", "/operations/0/attribute_path", "/operations/1/attribute_path",
				"/operations/1/attribute_value/0"),

		UPDATE_PASSWORD_POLICY("PUT", "/v1/identity-stores/{store}/password-policy", 200, null, """
				{"password_policy": {"minimum_password_length": 12, "require_uppercase_characters": true,
				 "require_lowercase_characters": true, "require_numbers": true, "require_symbols": false,
				 "max_password_age": 90, "password_reuse_prevention": 5}}""", "/password_policy"),

		CREATE_ACCOUNT("POST", "/v1/organization/accounts", 201, "/name", """
				{"name": "malformed-account", "email": "malformed@example.com"}""", "/name");

		final String method;

		final String path;

		final int success;

		/**
		 * A name that must be unique for the valid body to be accepted more than once.
		 */
		final @Nullable String uniqueName;

		final JsonNode template;

		final List<String> required;

		Endpoint(String method, String path, int success, @Nullable String uniqueName, String template,
				String... required) {
			this.method = method;
			this.path = path;
			this.success = success;
			this.uniqueName = uniqueName;
			this.template = JSON.readTree(template);
			this.required = List.of(required);
		}

		String text() {
			return JSON.writeValueAsString(this.template);
		}

		byte[] bytes() {
			return text().getBytes(StandardCharsets.UTF_8);
		}

		/**
		 * The template with the given JSON text in place of the value at {@code pointer}.
		 */
		String with(String pointer, String json) {
			return replace(this.template, pointer(pointer), json);
		}

	}

	// What an accepted body looks like, so that the refusals below are about the
	// mutation.

	@ParameterizedTest
	@EnumSource(Endpoint.class)
	void templatesAreAccepted(Endpoint endpoint) {
		String body = (endpoint.uniqueName != null)
				? endpoint.with(endpoint.uniqueName, "\"" + IdentityCenterFixtures.uniqueName("ok") + "\"")
				: endpoint.text();
		ApiResponse response = send(endpoint, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
		assertThat(response.status()).as(response.body()).isEqualTo(endpoint.success);
	}

	// Tables

	private static final List<Named<String>> NOT_REQUESTS = List.of(Named.of("empty body", ""),
			Named.of("whitespace", " \r\n\t"), Named.of("null", "null"), Named.of("empty array", "[]"),
			Named.of("string", "\"x\""), Named.of("number", "123"), Named.of("true", "true"),
			Named.of("open brace", "{"), Named.of("close brace", "}"), Named.of("missing value", "{\"a\":}"),
			Named.of("trailing garbage", "{} trailing"), Named.of("two objects", "{}{}"),
			Named.of("trailing comma", "{\"a\":1,}"), Named.of("unterminated", "{\"a\":1"),
			Named.of("single quotes", "{'name':'x'}"), Named.of("unquoted name", "{name:\"x\"}"),
			Named.of("comment", "/* c */ {}"), Named.of("NaN", "NaN"), Named.of("bad escape", "{\"a\":\"\\uZZZZ\"}"),
			Named.of("raw control character", "{\"a\":\"\u0001\"}"), Named.of("raw NUL", "\u0000"),
			Named.of("empty object", "{}"));

	static Stream<Arguments> bodiesThatAreNotRequests() {
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> NOT_REQUESTS.stream().map((body) -> Arguments.of(endpoint, body)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("bodiesThatAreNotRequests")
	void bodiesThatAreNotRequestsAreRefused(Endpoint endpoint, String body) {
		assertRefused(send(endpoint, body), 400);
	}

	/** A value of every JSON kind, none of which any field of another kind may accept. */
	private static final Map<Kind, String> WRONG_VALUES = Map.of(Kind.STRING, "\"wrong\"", Kind.NUMBER, "7",
			Kind.BOOLEAN, "true", Kind.ARRAY, "[\"wrong\"]", Kind.OBJECT, "{\"wrong\":1}");

	static Stream<Arguments> wrongTypes() {
		List<Arguments> cases = new ArrayList<>();
		for (Endpoint endpoint : Endpoint.values()) {
			for (List<Object> path : paths(endpoint.template)) {
				Kind kind = Kind.of(at(endpoint.template, path));
				for (Kind wrong : Kind.values()) {
					if (wrong != kind) {
						String label = pointer(path) + " as " + wrong.name().toLowerCase();
						cases.add(Arguments.of(endpoint,
								Named.of(label, replace(endpoint.template, path, WRONG_VALUES.get(wrong)))));
					}
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("wrongTypes")
	void valuesOfTheWrongTypeAreRefused(Endpoint endpoint, String body) {
		assertRefused(send(endpoint, body), 400);
	}

	static Stream<Arguments> invalidValues() {
		Endpoint stores = Endpoint.CREATE_IDENTITY_STORE;
		Endpoint users = Endpoint.CREATE_USER;
		Endpoint update = Endpoint.UPDATE_USER;
		Endpoint policy = Endpoint.UPDATE_PASSWORD_POLICY;
		Endpoint accounts = Endpoint.CREATE_ACCOUNT;
		String elevenEmails = Stream.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")
			.map((name) -> "{\"value\": \"" + name + "@example.com\"}")
			.collect(Collectors.joining(", ", "[", "]"));
		String fiftyOneOperations = Stream.generate(() -> "{\"attribute_path\": \"title\", \"attribute_value\": \"t\"}")
			.limit(51)
			.collect(Collectors.joining(", ", "{\"operations\": [", "]}"));
		return Stream.of(invalid(stores, "name empty", stores.with("/name", "\"\"")),
				invalid(stores, "name of 65 characters", stores.with("/name", quoted("s".repeat(65)))),
				invalid(stores, "name of 10,000 characters", stores.with("/name", quoted("s".repeat(10_000)))),
				invalid(stores, "name with a space", stores.with("/name", "\"two words\"")),
				invalid(stores, "name starting with a dash", stores.with("/name", "\"-dash\"")),
				invalid(stores, "name null", stores.with("/name", "null")),
				invalid(stores, "name missing", "{\"nam\": \"x\"}"),
				invalid(users, "password_mode unknown", "{\"user_name\": \"pm\", \"password_mode\": \"SMS\"}"),
				invalid(users, "password_mode as a number", "{\"user_name\": \"pm\", \"password_mode\": 0}"),
				invalid(users, "password_mode in lower case", "{\"user_name\": \"pm\", \"password_mode\": \"otp\"}"),
				invalid(users, "password_mode EMAIL without an email address",
						"{\"user_name\": \"pm\", \"password_mode\": \"EMAIL\"}"),
				invalid(users, "verification_status unknown", users.with("/emails/0/verification_status", "\"MAYBE\"")),
				invalid(users, "verification_status as a number", users.with("/emails/0/verification_status", "1")),
				invalid(users, "user_name empty", users.with("/user_name", "\"\"")),
				invalid(users, "user_name of 129 characters", users.with("/user_name", quoted("u".repeat(129)))),
				invalid(users, "user_name of 10,000 characters", users.with("/user_name", quoted("u".repeat(10_000)))),
				invalid(users, "user_name missing", "{\"display_name\": \"No Name\"}"),
				invalid(users, "display_name of 257 characters", users.with("/display_name", quoted("d".repeat(257)))),
				invalid(users, "nickname of 129 characters", users.with("/nickname", quoted("n".repeat(129)))),
				invalid(users, "title of 129 characters", users.with("/title", quoted("t".repeat(129)))),
				invalid(users, "email of 255 characters",
						users.with("/emails/0/value", quoted("e".repeat(243) + "@example.com"))),
				invalid(users, "email without @", users.with("/emails/0/value", "\"no-at-sign\"")),
				invalid(users, "email with a NUL", users.with("/emails/0/value", "\"mal\\u0000@example.com\"")),
				invalid(users, "eleven emails", users.with("/emails", elevenEmails)),
				invalid(users, "two primary emails", users.with("/emails",
						"[{\"value\": \"a@example.com\", \"primary\": true}, {\"value\": \"b@example.com\", \"primary\": true}]")),
				invalid(users, "phone number of letters", users.with("/phone_numbers/0/value", "\"call me\"")),
				invalid(users, "timezone unknown", users.with("/timezone", "\"Mars/Olympus\"")),
				invalid(users, "locale not a tag", users.with("/locale", "\"x\"")),
				invalid(users, "distinguished_name not a DN", users.with("/distinguished_name", "\"not a dn\"")),
				invalid(users, "display_name with a control character", users.with("/display_name", "\"a\\u0007b\"")),
				invalid(update, "no operations", "{\"operations\": []}"),
				invalid(update, "operation without a path", "{\"operations\": [{}]}"),
				invalid(update, "51 operations", fiftyOneOperations),
				invalid(update, "misspelt operations", "{\"operation\": [{\"attribute_path\": \"title\"}]}"),
				invalid(update, "attribute_path of 129 characters",
						update.with("/operations/0/attribute_path", quoted("p".repeat(129)))),
				invalid(update, "attribute_path blank", update.with("/operations/0/attribute_path", "\"   \"")),
				invalid(update, "attribute_path not updatable",
						update.with("/operations/0/attribute_path", "\"password_hash\"")),
				invalid(update, "user_name cleared",
						"{\"operations\": [{\"attribute_path\": \"user_name\", \"attribute_value\": null}]}"),
				invalid(update, "emails as JSON text without @",
						update.with("/operations/1/attribute_value", "\"[{\\\"value\\\": \\\"no-at\\\"}]\"")),
				invalid(update, "emails as broken JSON text", update.with("/operations/1/attribute_value", "\"[{\"")),
				invalid(update, "emails holding null", update.with("/operations/1/attribute_value", "[null]")),
				invalid(update, "emails as JSON text holding null",
						update.with("/operations/1/attribute_value", "\"[null]\"")),
				invalid(update, "phone_numbers holding null",
						"{\"operations\": [{\"attribute_path\": \"phone_numbers\", \"attribute_value\": [null]}]}"),
				invalid(update, "eleven emails", update.with("/operations/1/attribute_value", elevenEmails)),
				invalid(update, "email_verified neither true nor false",
						"{\"operations\": [{\"attribute_path\": \"email_verified\", \"attribute_value\": \"maybe\"}]}"),
				invalid(update, "name with a number for family_name",
						"{\"operations\": [{\"attribute_path\": \"name\", \"attribute_value\": {\"family_name\": 5}}]}"),
				invalid(policy, "minimum length 0", policy.with("/password_policy/minimum_password_length", "0")),
				invalid(policy, "minimum length -1", policy.with("/password_policy/minimum_password_length", "-1")),
				invalid(policy, "minimum length 1000", policy.with("/password_policy/minimum_password_length", "1000")),
				invalid(policy, "minimum length past int",
						policy.with("/password_policy/minimum_password_length", "2147483648")),
				invalid(policy, "maximum age 0", policy.with("/password_policy/max_password_age", "0")),
				invalid(policy, "maximum age 100000", policy.with("/password_policy/max_password_age", "100000")),
				invalid(policy, "reuse prevention 0", policy.with("/password_policy/password_reuse_prevention", "0")),
				invalid(policy, "reuse prevention 1000",
						policy.with("/password_policy/password_reuse_prevention", "1000")),
				invalid(policy, "policy null", "{\"password_policy\": null}"),
				invalid(accounts, "name of 65 characters", accounts.with("/name", quoted("a".repeat(65)))),
				invalid(accounts, "name null", accounts.with("/name", "null")),
				invalid(accounts, "name missing", "{\"email\": \"a@example.com\"}"),
				invalid(accounts, "email without @", accounts.with("/email", "\"no-at-sign\"")),
				invalid(accounts, "email of 255 characters",
						accounts.with("/email", quoted("e".repeat(243) + "@example.com"))),
				invalid(accounts, "email with a NUL", accounts.with("/email", "\"a\\u0000@example.com\"")));
	}

	private static Arguments invalid(Endpoint endpoint, String label, String body) {
		return Arguments.of(endpoint, Named.of(label, body));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("invalidValues")
	void invalidValuesAreRefused(Endpoint endpoint, String body) {
		assertRefused(send(endpoint, body), 400);
	}

	static Stream<Arguments> invalidUtf8() {
		List<Arguments> cases = new ArrayList<>();
		for (Endpoint endpoint : Endpoint.values()) {
			byte[] valid = endpoint.bytes();
			int middle = indexOf(valid, (byte) ':') + 3;
			cases.add(Arguments.of(endpoint, Named.of("0xFF inside a string", insert(valid, middle, 0xff))));
			cases.add(Arguments.of(endpoint, Named.of("lone continuation byte", insert(valid, middle, 0x80))));
			cases.add(Arguments.of(endpoint, Named.of("truncated sequence", insert(valid, middle, 0xc3, 'x'))));
			cases.add(Arguments.of(endpoint, Named.of("0xFE before the body", insert(valid, 0, 0xfe))));
			cases.add(Arguments.of(endpoint, Named.of("0xF8 after the body", insert(valid, valid.length, 0xf8))));
			cases.add(Arguments.of(endpoint,
					Named.of("Latin-1 body",
							endpoint.text()
								.replaceFirst("\"([a-z_]+)\":", "\"$1\u00e9\":")
								.getBytes(StandardCharsets.ISO_8859_1))));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("invalidUtf8")
	void bodiesThatAreNotUtf8AreRefused(Endpoint endpoint, byte[] body) {
		assertRefused(send(endpoint, "application/json", body, false), 400);
	}

	/** Anything but JSON; null sends no {@code Content-Type} at all. */
	private static final List<String> WRONG_CONTENT_TYPES = Arrays.asList(null, "text/plain", "application/xml",
			"text/json", "application/octet-stream", "application/x-www-form-urlencoded", "multipart/form-data",
			"multipart/form-data; boundary=xyz", "application/json; charset=bogus", "garbage", "*/*", "application/*");

	static Stream<Arguments> wrongContentTypes() {
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> WRONG_CONTENT_TYPES.stream().map((type) -> Arguments.of(endpoint, type)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("wrongContentTypes")
	void bodiesThatAreNotDeclaredAsJsonAreUnsupported(Endpoint endpoint, @Nullable String contentType) {
		assertRefused(send(endpoint, contentType, endpoint.bytes(), false), 415);
	}

	@ParameterizedTest
	@EnumSource(Endpoint.class)
	void formBodiesAreRefusedEvenWhenTheyCannotBeDecoded(Endpoint endpoint) {
		byte[] form = "name=x&broken=%zz&bad=%FF".getBytes(StandardCharsets.ISO_8859_1);
		assertRefused(send(endpoint, "application/x-www-form-urlencoded", form, false), 415);
		assertRefused(send(endpoint, "application/x-www-form-urlencoded", form, true), 415);
	}

	@ParameterizedTest
	@EnumSource(Endpoint.class)
	void multipartBodiesAreRefused(Endpoint endpoint) {
		byte[] multipart = ("--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--xyz--\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertRefused(send(endpoint, "multipart/form-data; boundary=xyz", multipart, false), 415);
		assertRefused(send(endpoint, "multipart/form-data", multipart, false), 415);
		assertRefused(send(endpoint, "multipart/form-data", "garbage".getBytes(StandardCharsets.US_ASCII), true), 415);
	}

	// Size

	static Stream<Arguments> oversizedBodies() {
		return Stream.of(Endpoint.values())
			.flatMap((endpoint) -> Stream.of(false, true)
				.flatMap((chunked) -> Stream.of(LIMIT + 1, 3 * LIMIT)
					.map((size) -> Arguments.of(endpoint, size, chunked))));
	}

	@ParameterizedTest(name = "{0}: {1} bytes, chunked {2}")
	@MethodSource("oversizedBodies")
	void bodiesOverTheLimitAreRefused(Endpoint endpoint, int size, boolean chunked) {
		ApiResponse response = send(endpoint, "application/json", padded(endpoint.bytes(), size), chunked);
		assertRefused(response, 413);
		assertThat(response.text("error_msg")).contains("larger than " + LIMIT + " bytes");
	}

	@ParameterizedTest(name = "chunked {0}")
	@ValueSource(booleans = { false, true })
	void bodyOfExactlyTheLimitIsRead(boolean chunked) {
		Endpoint endpoint = Endpoint.UPDATE_PASSWORD_POLICY;
		ApiResponse response = send(endpoint, "application/json", padded(endpoint.bytes(), LIMIT), chunked);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@ParameterizedTest
	@EnumSource(Endpoint.class)
	void nonJsonBodiesOverTheLimitAreRefused(Endpoint endpoint) {
		byte[] form = ("name=" + "f".repeat(3 * LIMIT)).getBytes(StandardCharsets.US_ASCII);
		// Refused at once by its declared length, or unread, since it is not JSON.
		assertRefused(send(endpoint, "application/x-www-form-urlencoded", form, false), 413);
		assertRefused(send(endpoint, "application/x-www-form-urlencoded", form, true), 415);
		assertRefused(send(endpoint, "multipart/form-data; boundary=xyz", form, true), 415);
		assertRefused(send(endpoint, "text/plain", form, true), 415);
	}

	// Generated

	/** A way to break a valid body that leaves no valid request behind. */
	enum Mutation {

		/** A proper prefix of a JSON object is never JSON. */
		TRUNCATION((endpoint, random) -> {
			byte[] valid = endpoint.bytes();
			return Arrays.copyOf(valid, random.nextInt(valid.length));
		}),

		/** A value of another JSON kind, which no field of this one accepts. */
		TYPE_SWAP((endpoint, random) -> {
			List<Object> path = pick(random, paths(endpoint.template));
			Kind kind = Kind.of(at(endpoint.template, path));
			List<Kind> others = Stream.of(Kind.values()).filter((other) -> other != kind).toList();
			return utf8(replace(endpoint.template, path, pick(random, others).random(random)));
		}),

		/** Bytes that are not even text. */
		RANDOM_BYTES((endpoint, random) -> {
			byte[] bytes = new byte[1 + random.nextInt(256)];
			random.nextBytes(bytes);
			return bytes;
		}),

		/** Deeper than the parser's limit of 500, so even an ignored value is refused. */
		DEEP_NESTING((endpoint, random) -> {
			int depth = 501 + random.nextInt(2500);
			boolean arrays = random.nextBoolean();
			String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
			return utf8(replace(endpoint.template, pick(random, paths(endpoint.template)), nested));
		}),

		/**
		 * Numbers no field can hold: past double, past int, or past the parser's length
		 * limit.
		 */
		HUGE_NUMBER((endpoint, random) -> {
			String number = pick(random, List.of("1e400", "-1e400", "1.7976931348623157e309", "2147483648",
					"-2147483649", "123456789012345678901234567890", "9".repeat(1001 + random.nextInt(2000))));
			List<List<Object>> scalars = paths(endpoint.template).stream()
				.filter((path) -> Kind.of(at(endpoint.template, path)) != Kind.OBJECT)
				.toList();
			return utf8(replace(endpoint.template, pick(random, scalars), number));
		}),

		/**
		 * Escapes that are broken, anywhere in a string or a member name, or that put a
		 * control character in a string value, where none may be.
		 */
		UNICODE_ESCAPE((endpoint, random) -> {
			List<String> broken = List.of("\\uZZZZ", "\\u12", "\\x41", "\\");
			List<String> control = List.of("\\u0000", "\\u001f", "\\u0007");
			List<List<Object>> strings = paths(endpoint.template).stream()
				.filter((path) -> Kind.of(at(endpoint.template, path)) == Kind.STRING)
				.toList();
			if (strings.isEmpty() || random.nextInt(4) == 0) {
				List<List<Object>> members = paths(endpoint.template).stream()
					.filter((path) -> !path.isEmpty() && path.get(path.size() - 1) instanceof String)
					.toList();
				List<Object> member = pick(random, members);
				String name = (String) member.get(member.size() - 1);
				int position = random.nextInt(name.length() + 1);
				String quoted = "\"" + name + "\":";
				return utf8(endpoint.text()
					.replace(quoted, "\"" + name.substring(0, position) + pick(random, broken)
							+ name.substring(position) + "\":"));
			}
			List<Object> path = pick(random, strings);
			String value = at(endpoint.template, path).asString();
			int position = random.nextInt(value.length() + 1);
			String escape = pick(random, random.nextBoolean() ? broken : control);
			return utf8(replace(endpoint.template, path,
					"\"" + value.substring(0, position) + escape + value.substring(position) + "\""));
		}),

		/**
		 * A member twice, with the same value or another kind of value, in either order.
		 */
		DUPLICATE_KEY((endpoint, random) -> {
			List<List<Object>> members = paths(endpoint.template).stream()
				.filter((path) -> !path.isEmpty() && path.get(path.size() - 1) instanceof String)
				.toList();
			List<Object> path = pick(random, members);
			JsonNode value = at(endpoint.template, path);
			String original = JSON.writeValueAsString(value);
			String twin = random.nextBoolean() ? original
					: pick(random, Stream.of(Kind.values()).filter((kind) -> kind != Kind.of(value)).toList())
						.random(random);
			String name = JSON.writeValueAsString(path.get(path.size() - 1));
			String sentinel = replace(endpoint.template, path, SENTINEL);
			String pair = random.nextBoolean() ? original + "," + name + ":" + twin
					: twin + "," + name + ":" + original;
			return utf8(sentinel.replace(SENTINEL, pair));
		}),

		/** Null where a value is required, or for the whole body. */
		NULLS((endpoint, random) -> {
			List<String> pointers = new ArrayList<>(endpoint.required);
			pointers.add("");
			return utf8(endpoint.with(pick(random, pointers), "null"));
		}),

		/** Bytes that are not UTF-8, anywhere in the body. */
		INVALID_UTF8((endpoint, random) -> {
			byte[] valid = endpoint.bytes();
			int[] sequence = pick(random, List.of(new int[] { 0xff }, new int[] { 0xfe }, new int[] { 0x80 },
					new int[] { 0xc3, 'x' }, new int[] { 0xf8, 0x88, 0x80, 0x80, 0x80 }));
			return insert(valid, random.nextInt(valid.length + 1), sequence);
		});

		private final BiFunction<Endpoint, Random, byte[]> mutate;

		Mutation(BiFunction<Endpoint, Random, byte[]> mutate) {
			this.mutate = mutate;
		}

	}

	static Stream<Arguments> mutatedBodies() {
		Random random = new Random(SEED);
		List<Arguments> cases = new ArrayList<>();
		for (Endpoint endpoint : Endpoint.values()) {
			for (Mutation mutation : Mutation.values()) {
				for (int i = 0; i < CASES_PER_MUTATION; i++) {
					byte[] body = mutation.mutate.apply(endpoint, random);
					String label = "seed " + SEED + ", " + mutation + " " + i + ": " + preview(body);
					cases.add(Arguments.of(endpoint, Named.of(label, body)));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("mutatedBodies")
	void mutatedBodiesAreRefused(Endpoint endpoint, byte[] body) {
		assertRefused(send(endpoint, "application/json", body, false), 400);
	}

	// Bodies where none is read

	/** A call that reads no body, and its answer without one. */
	record Bodyless(String method, String path, int status, @Nullable String code) {

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	private static final List<Bodyless> BODYLESS = List.of(new Bodyless("GET", "/v1/instances", 200, null),
			new Bodyless("GET", "/v1/identity-stores/{store}/identity-store-summary", 200, null),
			new Bodyless("GET", "/v1/identity-stores/{store}/password-policy", 200, null),
			new Bodyless("GET", "/v1/identity-stores/{store}/users", 200, null),
			new Bodyless("GET", "/v1/identity-stores/{store}/users/{user}", 200, null),
			new Bodyless("POST", "/v1/identity-stores/{store}/users/{user}/disable", 200, null),
			new Bodyless("POST", "/v1/identity-stores/{store}/users/{user}/enable", 200, null),
			new Bodyless("DELETE", "/v1/identity-stores/{store}/users/" + MISSING_USER, 404, "IIC.404"),
			new Bodyless("GET", "/v1/organization", 200, null),
			new Bodyless("POST", "/v1/organization/delegated-administrators/" + TestCredentials.MANAGEMENT_ACCOUNT_ID,
					409, "IIC.1007"),
			new Bodyless("DELETE", "/v1/organization/delegated-administrators/" + MISSING_ACCOUNT, 404, "IIC.404"),
			new Bodyless("GET", "/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys", 200, null),
			new Bodyless("POST", "/v1/accounts/" + MISSING_ACCOUNT + "/access-keys", 404, "IIC.404"),
			new Bodyless("DELETE",
					"/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys/AKNOSUCHKEY000000000", 404,
					"IIC.404"));

	private static final List<Arguments> STRAY_BODIES = List.of(
			Arguments.of(Named.of("malformed JSON", "application/json"), "{"),
			Arguments.of(Named.of("JSON null", "application/json"), "null"),
			Arguments.of(Named.of("JSON without a content type", null), "{\"a\": 1}"),
			Arguments.of(Named.of("text", "text/plain"), "hello"),
			Arguments.of(Named.of("form with broken escapes", "application/x-www-form-urlencoded"), "a=%zz&b=%FF"),
			Arguments.of(Named.of("multipart without a boundary", "multipart/form-data"), "garbage"), Arguments
				.of(Named.of("multipart with a boundary", "multipart/form-data; boundary=xyz"), "--xyz\r\ngarbage"),
			Arguments.of(Named.of("wildcard content type", "*/*"), "{}"));

	static Stream<Arguments> strayBodies() {
		return BODYLESS.stream()
			.flatMap((call) -> STRAY_BODIES.stream().map((body) -> Arguments.of(call, body.get()[0], body.get()[1])));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("strayBodies")
	void bodiesSentWhereNoneIsReadChangeNothing(Bodyless call, @Nullable String contentType, String body) {
		ApiResponse response = this.admin.sendBytes(call.method(), path(call.path()), contentType,
				body.getBytes(StandardCharsets.ISO_8859_1), false);
		assertThat(response.status()).as(response.body()).isEqualTo(call.status());
		assertThat(response.header("X-Request-Id")).isNotBlank();
		if (call.code() != null) {
			assertError(response, call.status(), call.code());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodylessCalls")
	void bodiesOverTheLimitAreRefusedWhereNoneIsReadToo(Bodyless call) {
		ApiResponse response = this.admin.sendBytes(call.method(), path(call.path()), "application/json",
				padded("{}".getBytes(StandardCharsets.US_ASCII), LIMIT + 1), false);
		assertRefused(response, 413);
	}

	static Stream<Bodyless> bodylessCalls() {
		return BODYLESS.stream();
	}

	// Path variables

	/**
	 * Each call with {junk} where a path variable goes, and a body where it reads one.
	 */
	private static final List<String[]> ROUTES = List.of(
			new String[] { "GET", "/v1/identity-stores/{store}/users/{junk}" },
			new String[] { "PUT", "/v1/identity-stores/{store}/users/{junk}", Endpoint.UPDATE_USER.text() },
			new String[] { "DELETE", "/v1/identity-stores/{store}/users/{junk}" },
			new String[] { "POST", "/v1/identity-stores/{store}/users/{junk}/enable" },
			new String[] { "GET", "/v1/identity-stores/{junk}/users" },
			new String[] { "POST", "/v1/identity-stores/{junk}/users", Endpoint.CREATE_USER.text() },
			new String[] { "GET", "/v1/identity-stores/{junk}/identity-store-summary" },
			new String[] { "PUT", "/v1/identity-stores/{junk}/password-policy",
					Endpoint.UPDATE_PASSWORD_POLICY.text() },
			new String[] { "GET", "/v1/accounts/{junk}/access-keys" },
			new String[] { "DELETE", "/v1/accounts/{management}/access-keys/{junk}" },
			new String[] { "POST", "/v1/organization/delegated-administrators/{junk}" },
			new String[] { "DELETE", "/v1/organization/delegated-administrators/{junk}" });

	/** As they appear in the URL. */
	private static final List<String> JUNK = List.of("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g",
			"0".repeat(37), "%00", "%2F", "%5C", "%zz", "%C0%AF", "%FF", "%E2%98%83", "%F0%9F%98%80", "x".repeat(2000),
			"%20", "%2e%2e", "a;b=c", "%0A", "%25", "select%20*%20from%20account", "%27%20OR%20%271%27%3D%271",
			"%3Cscript%3E", "%7B%7D");

	static Stream<Arguments> junkInPathVariables() {
		return ROUTES.stream()
			.flatMap((route) -> JUNK.stream()
				.map((junk) -> Arguments.of(route[0] + " " + route[1],
						Named.of(abbreviate(junk), route[1].replace("{junk}", junk)),
						(route.length > 2) ? route[2] : null, route[0])));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("junkInPathVariables")
	void junkInPathVariablesIsRefused(String route, String path, @Nullable String body, String method) {
		assertRefused(exchange(method, path(path), body), 400, 404);
	}

	// Query parameters

	@ParameterizedTest
	@ValueSource(strings = { "limit=-1", "limit=0", "limit=101", "limit=abc", "limit=1e3", "limit=1.5",
			"limit=99999999999", "limit=%zz", "marker=%25%25%25", "marker=!!!", "marker=%00", "marker=AAAA",
			"marker=%zz", "marker=%FF%FE", "user_name=", "user_name=%00", "user_name=%zz", "user_name=%FF",
			"user_name=%C0%AF", "user_name=a%0Ab", "%zz", "%zz=1", "=%zz" })
	void junkInUserListParametersIsRefused(String query) {
		assertRefused(exchange("GET", path("/v1/identity-stores/{store}/users?" + query), null), 400);
	}

	@ParameterizedTest
	@ValueSource(ints = { 129, 513, 4000 })
	void overlongUserListParametersAreRefused(int length) {
		assertRefused(this.admin.get(path("/v1/identity-stores/{store}/users?user_name=" + "u".repeat(length))), 400);
		assertRefused(this.admin.get(path("/v1/identity-stores/{store}/users?marker=" + "m".repeat(length))), 400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=-1", "limit=abc", "limit=1e3", "limit=%zz", "marker=!!!", "marker=%zz",
			"marker=AAAA", "marker=%00" })
	void junkInInstanceListParametersIsRefused(String query) {
		assertRefused(exchange("GET", "/v1/instances?" + query, null), 400);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1001, 1500 })
	void floodsOfParametersAreRefused(int count) {
		String query = Stream.generate(() -> "a=1").limit(count).collect(Collectors.joining("&"));
		assertRefused(this.admin.get(path("/v1/identity-stores/{store}/users?" + query)), 400);
	}

	// Helpers

	/**
	 * Sends what {@link URI} refuses (a malformed escape such as {@code %zz}) over a raw
	 * connection, and everything else through the HTTP client.
	 */
	private ApiResponse exchange(String method, String pathAndQuery, @Nullable String json) {
		try {
			new URI("http://localhost" + pathAndQuery);
		}
		catch (URISyntaxException ex) {
			String head = method + " " + pathAndQuery + " HTTP/1.1"
					+ ((json != null) ? "\r\nContent-Type: application/json" : "");
			return this.admin.sendRaw(head, (json != null) ? utf8(json) : null);
		}
		return this.admin.send(method, pathAndQuery, (json != null) ? "application/json" : null, json);
	}

	private ApiResponse send(Endpoint endpoint, String body) {
		return send(endpoint, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
	}

	private ApiResponse send(Endpoint endpoint, @Nullable String contentType, byte[] body, boolean chunked) {
		return this.admin.sendBytes(endpoint.method, path(endpoint.path), contentType, body, chunked);
	}

	private String path(String template) {
		return template.replace("{store}", this.store)
			.replace("{user}", (this.user != null) ? this.user : "{user}")
			.replace("{management}", TestCredentials.MANAGEMENT_ACCOUNT_ID);
	}

	/**
	 * A 4xx with one of the given statuses, in the error format with the code of its
	 * status.
	 */
	private static void assertRefused(ApiResponse response, Integer... statuses) {
		assertThat(response.status()).as("status of %s", response.body()).isIn((Object[]) statuses);
		assertError(response, response.status(), CODES.get(response.status()));
	}

	private static final String SENTINEL = "\"\u00a7sentinel\u00a7\"";

	enum Kind {

		STRING, NUMBER, BOOLEAN, ARRAY, OBJECT;

		static Kind of(JsonNode node) {
			if (node.isString()) {
				return STRING;
			}
			if (node.isNumber()) {
				return NUMBER;
			}
			if (node.isBoolean()) {
				return BOOLEAN;
			}
			return node.isArray() ? ARRAY : OBJECT;
		}

		/**
		 * A random value of this kind, as JSON text that is not itself JSON when read as
		 * a string.
		 */
		String random(Random random) {
			return switch (this) {
				case STRING -> "\"swapped-" + Long.toString(random.nextLong() & 0xffffff, 36) + "\"";
				case NUMBER -> pick(random, List.of("0", "1", "-7", "42", "3.25", "1e3"));
				case BOOLEAN -> Boolean.toString(random.nextBoolean());
				case ARRAY -> pick(random, List.of("[]", "[1]", "[\"a\", 2]", "[{}]"));
				case OBJECT -> pick(random, List.of("{}", "{\"k\": 1}", "{\"value\": []}"));
			};
		}

	}

	/**
	 * Every value in the tree, as paths of member names and indexes; the root is the
	 * empty path.
	 */
	static List<List<Object>> paths(JsonNode root) {
		List<List<Object>> paths = new ArrayList<>();
		collect(root, new ArrayList<>(), paths);
		return paths;
	}

	private static void collect(JsonNode node, List<Object> path, List<List<Object>> paths) {
		paths.add(List.copyOf(path));
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				path.add(member.getKey());
				collect(member.getValue(), path, paths);
				path.remove(path.size() - 1);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				path.add(i);
				collect(node.get(i), path, paths);
				path.remove(path.size() - 1);
			}
		}
	}

	static JsonNode at(JsonNode root, List<Object> path) {
		JsonNode node = root;
		for (Object step : path) {
			node = (step instanceof String name) ? node.get(name) : node.get((Integer) step);
		}
		return node;
	}

	/** The tree as JSON text, with {@code json} in place of the value at {@code path}. */
	static String replace(JsonNode root, List<Object> path, String json) {
		if (path.isEmpty()) {
			return json;
		}
		JsonNode copy = root.deepCopy();
		JsonNode parent = at(copy, path.subList(0, path.size() - 1));
		Object last = path.get(path.size() - 1);
		String sentinel = SENTINEL.substring(1, SENTINEL.length() - 1);
		if (last instanceof String name) {
			((ObjectNode) parent).put(name, sentinel);
		}
		else {
			((ArrayNode) parent).set((Integer) last, sentinel);
		}
		return JSON.writeValueAsString(copy).replace(SENTINEL, json);
	}

	static List<Object> pointer(String pointer) {
		return Stream.of(pointer.split("/"))
			.skip(1)
			.map((step) -> step.chars().allMatch(Character::isDigit) ? (Object) Integer.valueOf(step) : step)
			.toList();
	}

	static String pointer(List<Object> path) {
		return path.isEmpty() ? "(body)" : path.stream().map(String::valueOf).collect(Collectors.joining("/", "/", ""));
	}

	/**
	 * {@code body}, made exactly {@code size} bytes long by a padding member that is
	 * ignored.
	 */
	static byte[] padded(byte[] body, int size) {
		String text = new String(body, StandardCharsets.UTF_8);
		String head = text.substring(0, text.lastIndexOf('}'));
		String open = (head.strip().endsWith("{") ? "" : ",") + "\"padding\":\"";
		int fill = size - head.getBytes(StandardCharsets.UTF_8).length - open.length() - 2;
		byte[] padded = (head + open + "p".repeat(fill) + "\"}").getBytes(StandardCharsets.UTF_8);
		assertThat(padded).hasSize(size);
		return padded;
	}

	static byte[] insert(byte[] bytes, int position, int... inserted) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(bytes, 0, position);
		for (int b : inserted) {
			out.write(b);
		}
		out.write(bytes, position, bytes.length - position);
		return out.toByteArray();
	}

	private static int indexOf(byte[] bytes, byte wanted) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		throw new IllegalArgumentException("no " + (char) wanted);
	}

	static <T> T pick(Random random, List<T> choices) {
		return choices.get(random.nextInt(choices.size()));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String quoted(String text) {
		return "\"" + text + "\"";
	}

	/** A short, printable rendering for a case name. */
	static String preview(byte[] body) {
		StringBuilder text = new StringBuilder();
		for (byte b : Arrays.copyOf(body, Math.min(body.length, 60))) {
			int c = b & 0xff;
			text.append((c >= 0x20 && c < 0x7f) ? String.valueOf((char) c) : String.format("\\x%02X", c));
		}
		return text + ((body.length > 60) ? "... (" + body.length + " bytes)" : "");
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 20) + "... (" + text.length() + " characters)" : text;
	}

}
