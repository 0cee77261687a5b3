package dev.passwordreset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SMS gateway for tests: a real HTTP server on a loopback port that records every
 * request it gets and answers each with the status the test sets ({@link #answer(int)}),
 * 200 unless told otherwise. What the service sends arrives as it would at a real
 * gateway.
 */
public final class SmsGatewayStub implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final AtomicInteger status = new AtomicInteger(200);

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/**
	 * Open: answers go out at once; closed: they wait until {@link #release()} (a gateway
	 * that hangs).
	 */
	private volatile CountDownLatch gate = new CountDownLatch(0);

	private SmsGatewayStub(HttpServer server) {
		this.server = server;
	}

	/** Starts answering on the given loopback port (0: any free one), under any path. */
	public static SmsGatewayStub start(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			SmsGatewayStub stub = new SmsGatewayStub(server);
			server.createContext("/", stub::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return stub;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The port it listens on: the one asked for, or the one the system chose for 0. */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The status of every later answer. */
	public SmsGatewayStub answer(int status) {
		this.status.set(status);
		return this;
	}

	/**
	 * Answers no request from now on until {@link #release()}: a gateway that takes a
	 * request and hangs.
	 */
	public SmsGatewayStub hang() {
		this.gate = new CountDownLatch(1);
		return this;
	}

	public void release() {
		this.gate.countDown();
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/** The requests for one number. */
	public List<Received> receivedFor(String to) {
		return this.received.stream().filter((request) -> to.equals(request.to())).toList();
	}

	/**
	 * The requests for one number that were answered with a 2xx: the messages the gateway
	 * took.
	 */
	public List<Received> acceptedFor(String to) {
		return receivedFor(to).stream().filter((request) -> request.answered() / 100 == 2).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int answer = this.status.get();
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("Authorization"), body, answer));
			awaitGate();
			byte[] reply = "{\"result\": \"whatever the gateway says\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer, reply.length);
			exchange.getResponseBody().write(reply);
		}
		finally {
			exchange.close();
		}
	}

	private void awaitGate() {
		try {
			this.gate.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

	/** One request as the gateway saw it, and the status it answered. */
	public record Received(String method, String path, String contentType, String authorization, String body,
			int answered) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String to() {
			return json().path("to").asString();
		}

		public String text() {
			return json().path("text").asString();
		}

	}

}
