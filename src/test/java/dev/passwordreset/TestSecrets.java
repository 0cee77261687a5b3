package dev.passwordreset;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * Every secret the test run handles (secrets of access keys, bearer and security tokens,
 * the encoded Basic credentials) and everything the run printed, so that
 * {@link SecretsNeverLoggedTests} can check at the end that no secret reached a log line.
 */
public final class TestSecrets {

	/** JSON fields whose values are secrets wherever they appear in a response. */
	private static final Set<String> SECRET_FIELDS = Set.of("secret", "secret_access_key", "access_token",
			"security_token", "securitytoken", "password");

	private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

	private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

	private TestSecrets() {
	}

	public static void remember(String secret) {
		if (secret != null && secret.length() >= 8) {
			SECRETS.add(secret);
		}
	}

	/** Remembers the values of secret fields anywhere in a JSON response. */
	public static void rememberIn(JsonNode json) {
		if (json.isObject()) {
			for (String name : json.propertyNames()) {
				JsonNode value = json.get(name);
				if (SECRET_FIELDS.contains(name) && value.isString()) {
					remember(value.asString());
				}
				rememberIn(value);
			}
		}
		else if (json.isArray()) {
			json.forEach(TestSecrets::rememberIn);
		}
	}

	static Set<String> all() {
		return Set.copyOf(SECRETS);
	}

	static String output() {
		synchronized (OUTPUT) {
			return OUTPUT.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * Copies everything written to standard out and error, logs included, from now on.
	 */
	static void captureOutput() {
		System.setOut(new PrintStream(new Tee(System.out), true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(new Tee(System.err), true, StandardCharsets.UTF_8));
	}

	private static final class Tee extends java.io.OutputStream {

		private final PrintStream original;

		Tee(PrintStream original) {
			this.original = original;
		}

		@Override
		public void write(int b) {
			this.original.write(b);
			synchronized (OUTPUT) {
				OUTPUT.write(b);
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.original.write(bytes, offset, length);
			synchronized (OUTPUT) {
				OUTPUT.write(bytes, offset, length);
			}
		}

		@Override
		public void flush() {
			this.original.flush();
		}

	}

}
