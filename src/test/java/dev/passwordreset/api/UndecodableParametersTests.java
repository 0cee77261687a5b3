package dev.passwordreset.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An attacker's parameters that do not decode (a broken escape, bytes that are not UTF-8,
 * a charset that does not fit or does not exist) or do not convert, sent to every route
 * of every handler mapping, the pages, {@code /v1}, {@code /oam}, the actuator and
 * {@code /error} alike, in every parameter the route declares and one it does not: each
 * is answered in the face's own format, and not one of the submitted values reaches the
 * log, at INFO, the level a deployment logs at. The routes are read from the running
 * application, so a new one is covered without a change here.
 */
@ApiTest
// Left out of the PostgreSQL pass: every answer is the refusal of a parameter that does
// not decode or convert, given before any handler reads a table.
@Tag("database-free")
@ExtendWith(OutputCaptureExtension.class)
class UndecodableParametersTests {

	/** Each submitted value carries it, so the log can be searched for any of them. */
	private static final String MARKER = "mk" + HexFormat.of().formatHex(randomBytes());

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	LoggingSystem logging;

	private LogLevel rootLevel;

	@BeforeEach
	void logAsADeploymentDoes() {
		// SecretsNeverLoggedTests checks the whole run's output for it too, after every
		// other class.
		TestSecrets.remember(MARKER);
		LoggerConfiguration root = this.logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME);
		this.rootLevel = (root != null) ? root.getConfiguredLevel() : null;
		this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
	}

	@AfterEach
	void restoreTheSuitesLevel() {
		this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, this.rootLevel);
	}

	@Test
	void undecodableParametersOnEveryRouteAreA400InTheFacesFormatAndNeverLogged(CapturedOutput output) {
		List<Route> routes = routes();
		assertThat(routes).as("routes of the running application")
			.extracting(Route::path)
			.contains("/reset-password", "/forgot-password", "/error", "/actuator/health")
			.anyMatch((path) -> path.startsWith("/v1/"))
			.anyMatch((path) -> path.startsWith("/oam/"));
		HttpApi caller = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT).from(HttpApi.randomLoopbackAddress());
		int sent = 0;
		for (Route route : routes) {
			for (String parameter : route.parameters()) {
				for (String value : undecodableValues()) {
					String query = parameter + "=" + value;
					assertRefusedInFormat(route,
							caller.sendRaw(route.method() + " " + route.path() + "?" + query + " HTTP/1.1"), 400,
							query);
					sent++;
					if (route.takesForms()) {
						assertRefusedInFormat(route,
								caller.header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
									.sendRaw(route.method() + " " + route.path() + " HTTP/1.1", bytes(query)),
								400, "form " + query);
						sent++;
					}
				}
				if (route.takesForms()) {
					// Valid UTF-8, but not in the charset the form declares.
					String query = parameter + "=" + MARKER + "%C3%A9";
					assertRefusedInFormat(route,
							caller.header("Content-Type", "application/x-www-form-urlencoded; charset=US-ASCII")
								.sendRaw(route.method() + " " + route.path() + " HTTP/1.1", bytes(query)),
							400, "ascii form " + query);
					// A charset nobody knows makes the content type unsupported, as on
					// the JSON routes.
					String unknownCharset = "application/x-www-form-urlencoded; charset=x-" + MARKER;
					assertRefusedInFormat(route, caller.header("Content-Type", unknownCharset)
						.sendRaw(route.method() + " " + route.path() + " HTTP/1.1", bytes(parameter + "=" + MARKER)),
							415, "unknown charset");
					sent += 2;
				}
			}
			// An undecodable name.
			assertRefusedInFormat(route,
					caller.sendRaw(route.method() + " " + route.path() + "?" + MARKER + "%C3%28=1 HTTP/1.1"), 400,
					"name");
			sent++;
		}
		awaitRequestLogOfLastRequest(caller, output);
		assertThat(sent).isGreaterThan(3 * routes.size());
		assertThat(output.getAll()).as("the log after %d refused requests", sent).doesNotContain(MARKER);
	}

	@Test
	void parametersThatDoNotConvertAreAnsweredInTheFacesFormatAndNeverLogged(CapturedOutput output) {
		HttpApi caller = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT).from(HttpApi.randomLoopbackAddress());
		int sent = 0;
		// GET only: the values are well-formed, so a handler runs, and a GET changes
		// nothing.
		for (Route route : routes().stream().filter((route) -> route.method().equals("GET")).toList()) {
			for (String parameter : route.parameters()) {
				for (String value : List.of(MARKER, "-1" + MARKER, "2026-13-45T25:61:61Z" + MARKER)) {
					ApiResponse response = caller
						.sendRaw("GET " + route.path() + "?" + parameter + "=" + value + " HTTP/1.1");
					assertThat(response.status()).as("%s %s=%s: %s", route.path(), parameter, value, response.body())
						.isLessThan(500);
					// The actuator answers an unknown health component with an empty 404
					// of its own.
					boolean emptyActuatorAnswer = route.path().startsWith("/actuator/") && response.body().isEmpty();
					if (response.status() >= 400 && !emptyActuatorAnswer) {
						assertFormat(route, response, response.status(), parameter);
						assertThat(response.body()).as("%s echoes the value", route.path()).doesNotContain(MARKER);
					}
					sent++;
				}
			}
		}
		awaitRequestLogOfLastRequest(caller, output);
		assertThat(output.getAll()).as("the log after %d requests", sent).doesNotContain(MARKER);
	}

	private static List<String> undecodableValues() {
		return List.of(MARKER + "%E0%A4%A", // an escape cut short
				MARKER + "%C3%28", // not UTF-8
				MARKER + "%G1", // not hex
				MARKER + "%ED%A0%80", // a lone surrogate
				MARKER + "%FF" + MARKER); // never UTF-8
	}

	private void awaitRequestLogOfLastRequest(HttpApi caller, CapturedOutput output) {
		String requestId = "undecodable-" + HexFormat.of().formatHex(randomBytes());
		caller.header("X-Request-Id", requestId).sendRaw("GET /oam?x=%C3%28 HTTP/1.1");
		// The access log is written after the answer; everything sent before it has been
		// logged by then.
		await().atMost(Duration.ofSeconds(5)).until(() -> output.getAll().contains("request_id=" + requestId));
	}

	private static void assertRefusedInFormat(Route route, ApiResponse response, int status, String what) {
		assertThat(response.status()).as("%s %s with %s: %s", route.method(), route.path(), what, response.body())
			.isEqualTo(status);
		assertFormat(route, response, status, what);
		assertThat(response.body()).as("%s echoes the value", route.path()).doesNotContain(MARKER);
	}

	private static void assertFormat(Route route, ApiResponse response, int status, String what) {
		String description = route.method() + " " + route.path() + " with " + what + ": " + response.body();
		String contentType = String.valueOf(response.header("Content-Type"));
		if (route.path().equals("/reset-password") || route.path().equals("/forgot-password")) {
			assertThat(contentType).as(description).startsWith("text/html");
			assertThat(response.body()).as(description).startsWith("<!DOCTYPE html>").contains("<h1>");
			assertThat(response.header("Content-Security-Policy")).as(description).isNotNull();
		}
		else if (route.path().startsWith("/oam/") || route.path().equals("/oam")) {
			assertThat(contentType).as(description).startsWith("application/json");
			assertThat(response.json().path("resultCode").asString()).as(description).isNotEmpty().isNotEqualTo("0");
			if (status == 400) {
				assertThat(response.text("resultCode")).as(description).isEqualTo("10");
			}
		}
		else {
			// /v1, /v3.0, /v5, and the paths no face owns (actuator, /error, the API
			// description).
			assertThat(contentType).as(description).startsWith("application/json");
			assertThat(response.text("error_code")).as(description).startsWith((status == 401) ? "APIGW" : "IIC.");
			if (status == 400) {
				assertThat(response.text("error_code")).as(description).isEqualTo("IIC.400");
			}
			assertThat(response.text("request_id")).as(description).isEqualTo(response.header("X-Request-Id"));
		}
	}

	/**
	 * Every route of every handler mapping: controllers, the actuator's endpoints, the
	 * error page.
	 */
	private List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping mapping : this.context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			mapping.getHandlerMethods().forEach((info, handler) -> routes.addAll(routesOf(info, handler)));
		}
		return routes;
	}

	private static List<Route> routesOf(RequestMappingInfo info, HandlerMethod handler) {
		Set<String> parameters = new LinkedHashSet<>();
		for (MethodParameter parameter : handler.getMethodParameters()) {
			RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
			if (requestParam != null) {
				String name = !requestParam.name().isEmpty() ? requestParam.name() : parameter.getParameterName();
				if (name != null && !name.isEmpty()) {
					parameters.add(name);
				}
			}
		}
		// One that no route declares: an undecodable parameter is refused whoever reads
		// it.
		parameters.add("undeclared");
		Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
		boolean takesForms = info.getConsumesCondition()
			.getConsumableMediaTypes()
			.contains(MediaType.APPLICATION_FORM_URLENCODED);
		List<Route> routes = new ArrayList<>();
		for (String pattern : info.getPatternValues()) {
			String path = pattern.replaceAll("\\{[^}]*}", "x1").replace("**", "x1").replace("*", "x1");
			for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
				routes.add(new Route(method.name(), path, List.copyOf(parameters), takesForms));
			}
		}
		return routes;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[6];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	record Route(String method, String path, List<String> parameters, boolean takesForms) {
	}

}
