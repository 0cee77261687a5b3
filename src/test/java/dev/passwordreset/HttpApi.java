package dev.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests, with nothing between the test and the wire: any method, any
 * header, any bytes. Immutable; {@link #as} and {@link #header} return configured copies.
 */
public final class HttpApi {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final Map<String, String> headers;

	private HttpApi(String base, Map<String, String> headers) {
		this.base = base;
		this.headers = Map.copyOf(headers);
	}

	public static HttpApi on(int port) {
		return new HttpApi("http://localhost:" + port, Map.of());
	}

	public HttpApi as(TestCredentials credentials) {
		String token = Base64.getEncoder()
			.encodeToString((credentials.accessKeyId() + ":" + credentials.secret()).getBytes(StandardCharsets.UTF_8));
		return header("Authorization", "Basic " + token);
	}

	public HttpApi header(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new HttpApi(this.base, copy);
	}

	public ApiResponse get(String path) {
		return send("GET", path, null, null);
	}

	public ApiResponse post(String path, String json) {
		return send("POST", path, "application/json", json);
	}

	public ApiResponse post(String path) {
		return send("POST", path, null, null);
	}

	public ApiResponse put(String path, String json) {
		return send("PUT", path, "application/json", json);
	}

	public ApiResponse delete(String path) {
		return send("DELETE", path, null, null);
	}

	public ApiResponse send(String method, String path, @Nullable String contentType, @Nullable String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		this.headers.forEach(request::header);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), BodyHandlers.ofString());
			return new ApiResponse(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record ApiResponse(int status, HttpHeaders headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String text(String field) {
			JsonNode value = json().get(field);
			return (value != null) ? value.asString() : null;
		}

		public @Nullable String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
