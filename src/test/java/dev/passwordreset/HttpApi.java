package dev.passwordreset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests, with nothing between the test and the wire: any method,
 * any header, any bytes. Immutable; {@link #as} and {@link #header} return configured
 * copies. Every answer from an API path is held to the server's own OpenAPI document
 * ({@link DocumentedTraffic}).
 */
public final class HttpApi {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final Map<String, String> headers;

	private final @Nullable String localAddress;

	private HttpApi(String base, Map<String, String> headers, @Nullable String localAddress) {
		this.base = base;
		this.headers = Map.copyOf(headers);
		this.localAddress = localAddress;
	}

	public static HttpApi on(int port) {
		return new HttpApi("http://localhost:" + port, Map.of(), null);
	}

	/**
	 * Sends {@link #sendRaw raw requests} from this loopback address (any of 127.0.0.0/8
	 * on Linux), so that a test is a client address of its own, as far as per-address
	 * limits go.
	 */
	public HttpApi from(String loopbackAddress) {
		return new HttpApi(this.base, this.headers, loopbackAddress);
	}

	/** The loopback address set by {@link #from}. */
	public String localAddress() {
		if (this.localAddress == null) {
			throw new IllegalStateException("no local address was set");
		}
		return this.localAddress;
	}

	/**
	 * A loopback address from 127.0.0.0/8 that no other test of the run is given
	 * ({@link ClientAddresses#loopback}); never 127.0.0.1 nor 127.9.x.x, where the
	 * trusted proxies live. The name is older than the guarantee.
	 */
	public static String randomLoopbackAddress() {
		return ClientAddresses.loopback();
	}

	/**
	 * A JSON POST by {@link #sendRaw}, so that it leaves from {@link #from the set
	 * address}.
	 */
	public ApiResponse postFromAddress(String path, String json) {
		return header("Content-Type", "application/json").sendRaw("POST " + path + " HTTP/1.1",
				json.getBytes(StandardCharsets.UTF_8));
	}

	public HttpApi as(TestCredentials credentials) {
		String token = Base64.getEncoder()
			.encodeToString((credentials.accessKeyId() + ":" + credentials.secret()).getBytes(StandardCharsets.UTF_8));
		TestSecrets.remember(credentials.secret());
		TestSecrets.remember(token);
		return header("Authorization", "Basic " + token);
	}

	public HttpApi header(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new HttpApi(this.base, copy, this.localAddress);
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
		return exchange(method, path, contentType,
				(body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
	}

	/**
	 * Sends any bytes, with no {@code Content-Type} when {@code contentType} is null. A
	 * chunked body goes out with {@code Transfer-Encoding: chunked} and no
	 * {@code Content-Length}.
	 */
	public ApiResponse sendBytes(String method, String path, @Nullable String contentType, byte[] body,
			boolean chunked) {
		return exchange(method, path, contentType,
				chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
						: BodyPublishers.ofByteArray(body));
	}

	/**
	 * Writes {@code head} (a request line, and any headers, CRLF-separated) as it is to a
	 * fresh connection, then the configured headers, {@code Host},
	 * {@code Connection: close} and the body, if any, with its {@code Content-Length}:
	 * for what {@link HttpClient} refuses to send, such as malformed escapes in the URI
	 * or line breaks in a header.
	 */
	public ApiResponse sendRaw(String head) {
		return sendRaw(head, null);
	}

	public ApiResponse sendRaw(String head, byte @Nullable [] body) {
		URI uri = URI.create(this.base);
		StringBuilder request = new StringBuilder(head).append("\r\n");
		this.headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
		request.append("Connection: close\r\n");
		if (body != null) {
			request.append("Content-Length: ").append(body.length).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket()) {
			String host = uri.getHost();
			if (this.localAddress != null) {
				socket.bind(new InetSocketAddress(this.localAddress, 0));
				host = "127.0.0.1";
			}
			socket.connect(new InetSocketAddress(host, uri.getPort()), 5000);
			socket.setSoTimeout(30000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			ApiResponse response = RawResponse.parse(socket.getInputStream().readAllBytes());
			String[] requestLine = head.split("\r\n", 2)[0].split(" ");
			if (requestLine.length == 3) {
				DocumentedTraffic.check(this.base, requestLine[0], requestLine[1], response);
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ApiResponse exchange(String method, String path, @Nullable String contentType,
			HttpRequest.BodyPublisher body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, body);
		this.headers.forEach(request::header);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), BodyHandlers.ofString());
			ApiResponse answer = new ApiResponse(response.statusCode(), response.headers(), response.body());
			DocumentedTraffic.check(this.base, method, path, answer);
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Just enough of HTTP/1.1 to read one response from a closed connection.
	 */
	private static final class RawResponse {

		static ApiResponse parse(byte[] bytes) throws IOException {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IOException("No complete response head in: " + text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.computeIfAbsent(lines[i].substring(0, colon), (name) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).strip());
			}
			byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
			List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
			if (encoding.stream().anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
				body = dechunk(body);
			}
			return new ApiResponse(status, HttpHeaders.of(headers, (name, value) -> true),
					new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] chunked) throws IOException {
			InputStream in = new ByteArrayInputStream(chunked);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			while (true) {
				StringBuilder size = new StringBuilder();
				for (int c = in.read(); c != '\n'; c = in.read()) {
					if (c < 0) {
						throw new IOException("Truncated chunked body");
					}
					if (c != '\r') {
						size.append((char) c);
					}
				}
				int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
				if (length == 0) {
					return out.toByteArray();
				}
				out.write(in.readNBytes(length));
				in.skip(2);
			}
		}

	}

	public record ApiResponse(int status, HttpHeaders headers, String body) {

		public ApiResponse {
			// Whatever secret a response hands out, the suite later checks that no log
			// line holds it.
			if (body != null && body.startsWith("{")) {
				try {
					TestSecrets.rememberIn(JSON.readTree(body));
				}
				catch (RuntimeException ex) {
					// Not JSON after all: nothing to remember.
				}
			}
		}

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
