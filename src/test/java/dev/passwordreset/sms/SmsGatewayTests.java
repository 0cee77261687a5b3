package dev.passwordreset.sms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.passwordreset.SmsGatewayStub;
import dev.passwordreset.SmsGatewayStub.Received;
import dev.passwordreset.TestSecrets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway transport against a real HTTP server on a loopback port: what it POSTs,
 * what each answer means, and that neither the credentials nor the text reach a log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class SmsGatewayTests {

	private static final String AUTHORIZATION = "Bearer gateway-unit-credential-Zt4Rk8Qm";

	private static final OutgoingSms SMS = new OutgoingSms("+8613800000000",
			"493817 is your verification code. It works once and expires in 10 minutes.");

	private SmsGatewayStub server;

	@BeforeEach
	void startServer() {
		TestSecrets.remember(AUTHORIZATION);
		this.server = SmsGatewayStub.start(0);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(textBlock = """
			200, SENT
			201, SENT
			202, SENT
			204, SENT
			400, REFUSED
			401, REFUSED
			403, REFUSED
			404, REFUSED
			413, REFUSED
			422, REFUSED
			408, RETRY
			429, RETRY
			500, RETRY
			502, RETRY
			503, RETRY
			504, RETRY
			301, RETRY
			302, RETRY
			""")
	void aStatusMeansSentRetryOrRefusedForGood(int status, SmsOutcome.Kind kind) {
		assertThat(SmsOutcome.of(status).kind()).isEqualTo(kind);
		this.server.answer(status);
		SmsOutcome outcome = gateway(this.server.port(), null).send(UUID.randomUUID(), SMS);
		assertThat(outcome.kind()).isEqualTo(kind);
		assertThat(outcome.description()).contains(Integer.toString(status))
			.doesNotContain("whatever the gateway says");
	}

	@Test
	void theGatewayGetsOneJsonPostWithTheNumberTheTextTheIdAndTheConfiguredHeader() {
		UUID id = UUID.randomUUID();
		assertThat(gateway(this.server.port(), "ResetSvc").send(id, SMS).kind()).isEqualTo(SmsOutcome.Kind.SENT);

		assertThat(this.server.received()).hasSize(1);
		Received request = this.server.received().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/send?account=reset");
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(request.authorization()).isEqualTo(AUTHORIZATION);
		assertThat(request.json().propertyNames()).containsExactly("to", "text", "from", "id");
		assertThat(request.to()).isEqualTo("+8613800000000");
		assertThat(request.text()).isEqualTo(SMS.text());
		assertThat(request.json().get("from").asString()).isEqualTo("ResetSvc");
		assertThat(request.json().get("id").asString()).isEqualTo(id.toString());
	}

	@Test
	void noGatewayListeningIsWorthAnotherAttempt() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		SmsOutcome outcome = gateway(closed, null).send(UUID.randomUUID(), SMS);
		assertThat(outcome.kind()).isEqualTo(SmsOutcome.Kind.RETRY);
		assertThat(outcome.description()).contains("could not be reached");
	}

	@Test
	void aGatewayThatTakesTheRequestAndNeverAnswersIsWorthAnotherAttempt() {
		this.server.hang();
		SmsOutcome outcome = gateway(this.server.port(), null, Duration.ofMillis(300)).send(UUID.randomUUID(), SMS);
		assertThat(outcome.kind()).isEqualTo(SmsOutcome.Kind.RETRY);
		assertThat(outcome.description()).contains("HttpTimeoutException");
	}

	@Test
	void theLogSaysWhatBecameOfAMessageButNeverItsCredentialsTextOrUrl(CapturedOutput output) {
		Logger logger = (Logger) LoggerFactory.getLogger(SmsGateway.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try {
			UUID id = UUID.randomUUID();
			gateway(this.server.port(), null).send(id, SMS);
			this.server.answer(503);
			gateway(this.server.port(), null).send(id, SMS);

			assertThat(output.getAll()).contains("SMS " + id + ": the gateway answered 200")
				.contains("SMS " + id + ": the gateway answered 503")
				.doesNotContain(AUTHORIZATION)
				.doesNotContain("gateway-unit-credential")
				.doesNotContain("493817")
				.doesNotContain("account=reset");
		}
		finally {
			logger.setLevel(level);
		}
	}

	/**
	 * A gateway client with timeouts that a loaded build machine never reaches for a stub
	 * that answers: a 300 ms read timeout failed a first request there once.
	 */
	private static SmsGateway gateway(int port, @Nullable String sender) {
		return gateway(port, sender, Duration.ofSeconds(10));
	}

	private static SmsGateway gateway(int port, @Nullable String sender, Duration readTimeout) {
		return new SmsGateway(new SmsProperties("http://127.0.0.1:" + port + "/send?account=reset",
				Map.of("Authorization", AUTHORIZATION), sender, Duration.ofSeconds(5), readTimeout));
	}

}
