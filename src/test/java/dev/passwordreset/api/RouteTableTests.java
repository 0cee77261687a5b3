package dev.passwordreset.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.RouteCoverage.HandlerRoute;
import dev.passwordreset.api.identitycenter.IdentityCenterRouteTable;
import dev.passwordreset.api.oam.OamRouteTable;
import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CredentialKind;
import dev.passwordreset.security.SdkRequestSigner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the service serves, with every method, as every kind of caller and every
 * kind of credential, answered as its chain's route table says: 401 to an anonymous
 * caller where the route needs credentials, 404 for a path no table lists, 405 with
 * {@code Allow} for a method its routes do not take (a made-up one included), 204 with
 * {@code Allow} and no body for {@code OPTIONS}, 403 to a caller outside the route's
 * audience ({@code HEAD} exactly as {@code GET}), and otherwise the handler's own answer,
 * never a refusal. Every answer is in its face's format and has the security headers.
 * <p>
 * The routes come from the running handler mappings, not from the tables, so a route
 * added to a controller without a table entry fails
 * {@link #everyHandlerRouteIsInItsChainsTable}: the check looks the new route up, by path
 * and by method, in the table of the chain that serves its path, does not find it, and
 * names it ({@link RouteCoverageTests} proves the check reports exactly such routes). The
 * walk fails it too, because the route would answer 404 or 405 where the handler serves
 * it.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteTableTests {

	static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
			"FOO");

	/**
	 * Handlers outside every table on purpose: the error page (it answers 404 to anyone
	 * who asks for it) and the actuator's index of links, which stays closed (404).
	 */
	static final Set<String> OUTSIDE_THE_TABLES = Set.of("/error", "/actuator", "/actuator/");

	private static final String MISSING_ACCOUNT = "00000000000000000000000000000bad";

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	HttpApi api;

	String store;

	String memberAccountId;

	String delegatedAccountId;

	TestCredentials member;

	TestCredentials delegated;

	JsonNode memberTemporary;

	JsonNode managementTemporary;

	String delegatedBearer;

	String managementBearer;

	/** How a caller presents itself. */
	interface Presenter {

		HttpApi present(RouteTableTests test, String method, String path, @Nullable String body);

	}

	enum WalkCaller {

		ANONYMOUS(null, null, (t, m, p, b) -> t.api),

		MEMBER_WITH_BASIC(AccountRole.MEMBER, CredentialKind.PERMANENT_KEY, (t, m, p, b) -> t.api.as(t.member)),

		MEMBER_WITH_TEMPORARY_KEY(AccountRole.MEMBER, CredentialKind.TEMPORARY_KEY,
				(t, m, p, b) -> t.signed(m, p, b, t.memberTemporary)),

		DELEGATED_WITH_SIGNATURE(AccountRole.DELEGATED_ADMINISTRATOR, CredentialKind.PERMANENT_KEY,
				(t, m, p, b) -> SdkRequestSigner.signed(t.api, t.port, m, p, b, t.delegated.accessKeyId(),
						t.delegated.secret(), null, Instant.now())),

		DELEGATED_WITH_BEARER(AccountRole.DELEGATED_ADMINISTRATOR, CredentialKind.BEARER_TOKEN,
				(t, m, p, b) -> t.api.header("Authorization", "Bearer " + t.delegatedBearer)),

		MANAGEMENT_WITH_BASIC(AccountRole.MANAGEMENT_ACCOUNT, CredentialKind.PERMANENT_KEY,
				(t, m, p, b) -> t.api.as(TestCredentials.MANAGEMENT)),

		MANAGEMENT_WITH_SIGNATURE(AccountRole.MANAGEMENT_ACCOUNT, CredentialKind.PERMANENT_KEY,
				(t, m, p, b) -> SdkRequestSigner.signed(t.api, t.port, m, p, b,
						TestCredentials.MANAGEMENT.accessKeyId(), TestCredentials.MANAGEMENT.secret(), null,
						Instant.now())),

		MANAGEMENT_WITH_BEARER(AccountRole.MANAGEMENT_ACCOUNT, CredentialKind.BEARER_TOKEN,
				(t, m, p, b) -> t.api.header("X-Auth-Token", t.managementBearer)),

		MANAGEMENT_WITH_TEMPORARY_KEY(AccountRole.MANAGEMENT_ACCOUNT, CredentialKind.TEMPORARY_KEY,
				(t, m, p, b) -> t.signed(m, p, b, t.managementTemporary));

		final @Nullable AccountRole role;

		final @Nullable CredentialKind credential;

		final Presenter presenter;

		WalkCaller(@Nullable AccountRole role, @Nullable CredentialKind credential, Presenter presenter) {
			this.role = role;
			this.credential = credential;
			this.presenter = presenter;
		}

		@Nullable Caller as(RouteTableTests test) {
			if (this.role == null || this.credential == null) {
				return null;
			}
			String account = switch (this.role) {
				case MANAGEMENT_ACCOUNT -> TestCredentials.MANAGEMENT_ACCOUNT_ID;
				case DELEGATED_ADMINISTRATOR -> test.delegatedAccountId;
				case MEMBER -> test.memberAccountId;
			};
			return new Caller(account, "AKROUTETABLETEST0001", this.role, this.credential);
		}

	}

	@BeforeAll
	void callers() {
		this.api = HttpApi.on(this.port);
		HttpApi admin = this.api.as(TestCredentials.MANAGEMENT);
		ApiResponse store = admin.post("/v1/identity-stores",
				"{\"name\": \"routes-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
		assertThat(store.status()).as(store.body()).isEqualTo(201);
		this.store = store.text("identity_store_id");
		this.memberAccountId = account(admin);
		this.member = accessKey(admin, this.memberAccountId);
		this.delegatedAccountId = account(admin);
		this.delegated = accessKey(admin, this.delegatedAccountId);
		assertThat(admin.post("/v1/organization/delegated-administrators/" + this.delegatedAccountId).status())
			.isLessThan(300);
		this.memberTemporary = minted(this.api.as(this.member).post("/v3.0/OS-CREDENTIAL/securitytokens", "{}"))
			.get("credential");
		this.managementTemporary = minted(admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{}")).get("credential");
		this.delegatedBearer = minted(this.api.as(this.delegated).post("/v1/auth/tokens", "{}")).get("access_token")
			.asString();
		this.managementBearer = minted(admin.post("/v1/auth/tokens", "{}")).get("access_token").asString();
	}

	@Test
	void everyHandlerRouteIsInItsChainsTable() {
		List<HandlerRoute> handlers = handlerRoutes();
		assertThat(handlers).as("the walk must see the faces' handlers")
			.extracting(HandlerRoute::pattern)
			.contains("/v1/instances", "/oam/services/rest/auth/api/v1/mfa/createOTP", "/actuator/prometheus");
		assertThat(RouteCoverage.unlisted(handlers, RouteTableTests::tableOf, OUTSIDE_THE_TABLES))
			.as("handler routes that their chain's table does not list")
			.isEmpty();
		assertThat(RouteCoverage.unserved(IdentityCenterRouteTable.routes(), handlers)).isEmpty();
		assertThat(RouteCoverage.unserved(OamRouteTable.routes(), handlers)).isEmpty();
	}

	@Test
	void everyRouteAnswersEveryMethodAsItsTableSays() throws Exception {
		Set<String> patterns = new LinkedHashSet<>();
		handlerRoutes().forEach((handler) -> patterns.add(handler.pattern()));
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger requests = new AtomicInteger();
		long started = System.nanoTime();
		// A few callers at once, as clients would be; each (route, caller) walks its
		// methods in order, so that HEAD is compared with the GET just before it.
		ExecutorService walkers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> walks = new ArrayList<>();
			for (String pattern : patterns) {
				for (WalkCaller caller : WalkCaller.values()) {
					walks.add(walkers.submit(() -> walk(pattern, caller, failures, requests)));
				}
			}
			for (Future<?> walk : walks) {
				walk.get();
			}
		}
		finally {
			walkers.shutdownNow();
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("RouteTableTests walked %d requests over %d routes in %d ms%n", requests.get(),
				patterns.size(), millis);
		assertThat(failures).as("answers that differ from the tables").isEmpty();
	}

	private void walk(String pattern, WalkCaller caller, List<String> failures, AtomicInteger requests) {
		Map<String, Integer> getStatus = new HashMap<>();
		for (String method : METHODS) {
			String path = RouteCoverage.sample(pattern, sampleValues(method));
			String body = switch (method) {
				case "POST", "PUT", "PATCH" -> "{}";
				default -> null;
			};
			ApiResponse response = caller.presenter.present(this, method, path, body)
				.send(method, path, (body != null) ? "application/json" : null, body);
			requests.incrementAndGet();
			String problem = problem(pattern, path, method, caller, response, getStatus.get(path));
			if (problem != null) {
				failures.add(caller + " " + method + " " + path + ": " + problem + " <- " + response.status() + " "
						+ response.headers().map() + " " + response.body());
			}
			if (method.equals("GET")) {
				getStatus.put(path, response.status());
			}
		}
	}

	/** What is wrong with an answer, or null when it is what the table says. */
	private @Nullable String problem(String pattern, String path, String method, WalkCaller caller,
			ApiResponse response, @Nullable Integer getStatus) {
		if (!"nosniff".equals(response.header("X-Content-Type-Options"))
				|| !String.valueOf(response.header("Cache-Control")).contains("no-store")) {
			return "security headers missing";
		}
		if (method.equals("TRACE")) {
			// Tomcat refuses TRACE before any filter runs, for everybody.
			return (response.status() == 405 && response.header("Allow") != null) ? format(path, response, 405)
					: "TRACE must be 405 with Allow";
		}
		List<TableRoute> table = tableOf(path);
		Set<String> allowed = allowedMethods(table, path);
		if (OUTSIDE_THE_TABLES.contains(pattern)) {
			return (response.status() == 404) ? formatUnlessHead(path, method, response, 404)
					: "outside the tables: must be 404";
		}
		if (allowed.isEmpty()) {
			return "no table lists this handler's path";
		}
		Caller known = caller.as(this);
		if (known == null && needsCredentials(path)) {
			return (response.status() == 401) ? formatUnlessHead(path, method, response, 401) : "anonymous must be 401";
		}
		if (method.equals("OPTIONS")) {
			if (response.status() != 204 || !response.body().isEmpty()) {
				return "OPTIONS must be 204 without a body";
			}
			return Set.copyOf(List.of(String.valueOf(response.header("Allow")).split(", "))).equals(allowed) ? null
					: "Allow must be " + allowed;
		}
		if (!allowed.contains(method)) {
			if (response.status() != 405 || response.header("Allow") == null) {
				return "must be 405 with Allow";
			}
			if (!Set.copyOf(List.of(response.header("Allow").split(", "))).equals(allowed)) {
				return "Allow must be " + allowed;
			}
			return formatUnlessHead(path, method, response, 405);
		}
		String tableMethod = method.equals("HEAD") ? "GET" : method;
		boolean admitted = table.stream()
			.filter((route) -> route.method().name().equals(tableMethod)
					&& RouteCoverage.matches(route.pattern(), path))
			.anyMatch((route) -> route.admission().admits(known, accountIn(pattern, path)));
		if (method.equals("HEAD")) {
			if (!response.body().isEmpty()) {
				return "HEAD must have no body";
			}
			return (getStatus == null || response.status() == getStatus) ? null : "HEAD must answer as GET did";
		}
		if (!admitted) {
			return (response.status() == 403) ? format(path, response, 403) : "must be 403";
		}
		if (response.status() >= 500 || response.status() == 401 || response.status() == 403
				|| response.status() == 405) {
			return "an admitted caller must reach the handler";
		}
		if (response.status() == 404 && isRouteRefusal(path, response)) {
			return "an admitted caller must not get the route table's 404";
		}
		return null;
	}

	private static boolean isPage(String path) {
		return path.equals("/reset-password") || path.equals("/forgot-password");
	}

	/** The 404 the route guard writes, as opposed to a handler's "no such user". */
	private static boolean isRouteRefusal(String path, ApiResponse response) {
		JsonNode body = response.json();
		return path.startsWith("/oam/") ? body.path("resultCode").asString().equals("15")
				: body.path("error_msg").asString().equals("Not Found: no such resource.");
	}

	private static @Nullable String formatUnlessHead(String path, String method, ApiResponse response, int status) {
		if (method.equals("HEAD")) {
			return response.body().isEmpty() ? null : "HEAD must have no body";
		}
		return format(path, response, status);
	}

	/**
	 * The face's error format, with the code its status has; the pages answer their own
	 * HTML page.
	 */
	private static @Nullable String format(String path, ApiResponse response, int status) {
		if (isPage(path)) {
			return (String.valueOf(response.header("Content-Type")).startsWith("text/html")
					&& response.body().contains("<title>")) ? null : "error must be the pages' HTML";
		}
		if (!String.valueOf(response.header("Content-Type")).startsWith("application/json")) {
			return "error must be JSON";
		}
		JsonNode body = response.json();
		if (path.startsWith("/oam/")) {
			String expected = switch (status) {
				case 401 -> "11";
				case 403 -> "12";
				case 404 -> "15";
				case 405 -> "18";
				default -> "?";
			};
			return (body.has("message") && body.has("minorCode") && expected.equals(body.path("resultCode").asString()))
					? null : "must be OAM's format with resultCode " + expected;
		}
		boolean codeFits = switch (status) {
			case 401 -> body.path("error_code").asString().equals("APIGW.0301");
			case 403 -> Set.of("IIC.1000", "IIC.1001").contains(body.path("error_code").asString());
			default -> body.path("error_code").asString().equals("IIC." + status);
		};
		return (codeFits && body.has("error_msg")
				&& body.path("request_id").asString().equals(response.header("X-Request-Id"))) ? null
						: "must be Huawei's format with its code";
	}

	/** The table of the security chain that serves a path. */
	static List<TableRoute> tableOf(String path) {
		if (path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/v3.0/") || path.startsWith("/v5/")) {
			return IdentityCenterRouteTable.routes();
		}
		if (path.startsWith("/oam/")) {
			return OamRouteTable.routes();
		}
		if (path.equals(MetricsSecurityConfiguration.PATH)) {
			return List.of(new TableRoute(HttpMethod.GET, MetricsSecurityConfiguration.PATH,
					(caller, account) -> caller != null && caller.isManagementAccount()));
		}
		if (path.equals(MetricsSecurityConfiguration.HEALTH)
				|| path.startsWith(MetricsSecurityConfiguration.HEALTH + "/")) {
			return MetricsSecurityConfiguration.HEALTH_ROUTES.stream().map(TableRoute::open).toList();
		}
		return DefaultSecurityConfiguration.ROUTES.stream().map(TableRoute::open).toList();
	}

	private static boolean needsCredentials(String path) {
		boolean identityCenter = path.startsWith("/v1/") || path.startsWith("/v3.0/") || path.startsWith("/v5/");
		if (identityCenter) {
			return IdentityCenterRouteTable.openPatterns()
				.stream()
				.noneMatch((open) -> RouteCoverage.matches(open, path));
		}
		return path.startsWith("/oam/") || path.equals(MetricsSecurityConfiguration.PATH);
	}

	private static Set<String> allowedMethods(List<TableRoute> table, String path) {
		Set<String> allowed = new LinkedHashSet<>();
		for (TableRoute route : table) {
			if (RouteCoverage.matches(route.pattern(), path)) {
				allowed.add(route.method().name());
				if (route.method().equals(HttpMethod.GET)) {
					allowed.add("HEAD");
				}
			}
		}
		if (!allowed.isEmpty()) {
			allowed.add("OPTIONS");
		}
		return allowed;
	}

	/**
	 * Real ids where a call only reads, so that an admitted GET (and the HEAD compared
	 * with it) succeeds; ids of nothing where a call would change something, so that no
	 * call of the walk creates, deletes or resets anything, or hashes a password.
	 */
	private Map<String, String> sampleValues(String method) {
		boolean reads = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
		Map<String, String> values = new HashMap<>();
		values.put("identity_store_id", this.store);
		values.put("user_id", "00000000-0000-4000-8000-000000000000");
		values.put("account_id", reads ? this.memberAccountId : MISSING_ACCOUNT);
		values.put("access_key_id", "AKNOSUCHKEY000000000");
		values.put("userid", "route-table-nobody");
		values.put("idstoreref", "default");
		values.put("group", "oam");
		return values;
	}

	private static @Nullable String accountIn(String pattern, String path) {
		String[] patternSegments = pattern.split("/");
		String[] pathSegments = path.split("/");
		for (int i = 0; i < patternSegments.length && i < pathSegments.length; i++) {
			if (patternSegments[i].equals("{account_id}")) {
				return pathSegments[i];
			}
		}
		return null;
	}

	private List<HandlerRoute> handlerRoutes() {
		List<HandlerRoute> routes = new ArrayList<>();
		this.context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()
			.forEach((mapping) -> routes.addAll(HandlerRoute.of(mapping.getHandlerMethods().keySet())));
		return routes;
	}

	private HttpApi signed(String method, String path, @Nullable String body, JsonNode temporary) {
		return SdkRequestSigner.signed(this.api, this.port, method, path, body, temporary.get("access").asString(),
				temporary.get("secret").asString(), temporary.get("securitytoken").asString(), Instant.now());
	}

	private static String account(HttpApi admin) {
		ApiResponse created = admin.post("/v1/organization/accounts",
				"{\"name\": \"routes-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("account_id");
	}

	private static TestCredentials accessKey(HttpApi admin, String accountId) {
		JsonNode credential = minted(admin.post("/v1/accounts/" + accountId + "/access-keys")).get("credential");
		return new TestCredentials(credential.get("access").asString(), credential.get("secret").asString());
	}

	private static JsonNode minted(ApiResponse response) {
		assertThat(response.status()).as(response.body()).isIn(200, 201);
		return response.json();
	}

}
