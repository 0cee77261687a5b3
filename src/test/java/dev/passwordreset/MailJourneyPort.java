package dev.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SMTP port of the {@link MailJourneyTest} context: a free loopback port picked once per test
 * JVM, so that every class sharing the context, and its GreenMail server, agree on it, and two
 * builds on one machine do not fight over a fixed port.
 */
public final class MailJourneyPort implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	public static final int SMTP_PORT = freeLoopbackPort();

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues.of("spring.mail.port=" + SMTP_PORT).applyTo(context);
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
