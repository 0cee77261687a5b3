package dev.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SMTP port of the {@link MailJourneyTest} context: a free loopback port picked once
 * per test JVM, so that every class sharing the context, and its GreenMail server, agree
 * on it, and two builds on one machine do not fight over a fixed port. The SMS gateway's
 * port is picked the same way, for the {@link SmsGatewayStub} a class starts there, with
 * a bearer token as the gateway's credential.
 */
public final class MailJourneyPort implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	public static final int SMTP_PORT = freeLoopbackPort();

	public static final int SMS_GATEWAY_PORT = freeLoopbackPort();

	/**
	 * The gateway's credential, configured as {@code reset.sms.headers.Authorization}.
	 */
	public static final String SMS_GATEWAY_AUTHORIZATION = "Bearer sms-gateway-credential-7Qx2Lp9Vw";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestSecrets.remember(SMS_GATEWAY_AUTHORIZATION);
		TestPropertyValues
			.of("spring.mail.port=" + SMTP_PORT,
					"reset.sms.gateway-url=http://127.0.0.1:" + SMS_GATEWAY_PORT + "/v1/messages?account=reset",
					"reset.sms.headers.Authorization=" + SMS_GATEWAY_AUTHORIZATION)
			.applyTo(context);
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
