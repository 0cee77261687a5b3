package dev.passwordreset.sms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hands one text message to the HTTP SMS gateway of {@code reset.sms.*}: a {@code POST}
 * of <pre>{"to": "+8613800000000", "text": "...", "from": "...", "id": "..."}</pre>
 * ({@code from} only when {@code reset.sms.sender} is set; {@code id} is the outbox
 * row's, the same on every attempt, so that a gateway can recognise a message it was
 * given before), with {@code Content-Type: application/json} and the configured headers.
 * The JDK's own HTTP client: one POST a message needs no more, and the project has no
 * other outbound HTTP to share a client with.
 * <p>
 * It decides nothing about retries: it says what the answer means
 * ({@link SmsOutcome#of}), and the outbox's worker retries, backs off or gives up.
 * Neither the headers (credentials), the URL (its query may hold a key), the text (a
 * code) nor the gateway's answer body ever reach a log line.
 */
public final class SmsGateway {

	private static final Logger logger = LoggerFactory.getLogger(SmsGateway.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI uri;

	private final Map<String, String> headers;

	private final @Nullable String sender;

	private final SmsProperties properties;

	private final HttpClient client;

	public SmsGateway(SmsProperties properties) {
		this.uri = properties.gatewayUri();
		this.headers = properties.headers();
		this.sender = properties.senderOrNull();
		this.properties = properties;
		// HTTP/1.1: one plain request per message, without the h2c upgrade some gateways
		// mishandle.
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * POSTs the message once and says what became of it; never throws for the gateway's
	 * sake.
	 */
	public SmsOutcome send(UUID id, OutgoingSms sms) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(this.properties.readTimeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body(id, sms)));
		this.headers.forEach(request::header);
		SmsOutcome outcome;
		try {
			HttpResponse<Void> response = this.client.send(request.build(), HttpResponse.BodyHandlers.discarding());
			outcome = SmsOutcome.of(response.statusCode());
		}
		catch (IOException ex) {
			// Refused, reset or timed out (HttpTimeoutException is an IOException): the
			// gateway may come back.
			outcome = SmsOutcome.retry("the gateway could not be reached: " + ex.getClass().getName());
		}
		catch (InterruptedException ex) {
			// The instance is stopping; whether the gateway took it is unknown, and at
			// least once allows a repeat.
			Thread.currentThread().interrupt();
			outcome = SmsOutcome.retry("interrupted while sending");
		}
		logger.debug("SMS {}: {}", id, outcome.description());
		return outcome;
	}

	private String body(UUID id, OutgoingSms sms) {
		ObjectNode body = JSON.createObjectNode().put("to", sms.to()).put("text", sms.text());
		if (this.sender != null) {
			body.put("from", this.sender);
		}
		return JSON.writeValueAsString(body.put("id", id.toString()));
	}

}
