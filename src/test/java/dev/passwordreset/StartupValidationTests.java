package dev.passwordreset;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad {@code reset.*} value stops the start, with a message that names the property,
 * rather than a service that misbehaves later. (The master key's checks are in
 * {@code BootstrapTests}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	// Each case starts the application up to its failure, a few seconds: one per kind of
	// check.
	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			reset.otp-password.ttl                        | 0s
			reset.public-base-url                         | https://reset.example.com/?next=x
			reset.self-service.per-user.max-requests      | 0
			reset.mail.readiness-max-age                  | 0s
			reset.oam.otp.length                          | 5
			reset.oam.otp.length                          | 11
			reset.retention.period                        | 30s
			""")
	void aBadValueStopsTheStartWithOneLineNamingTheSettingAsWritten(String property, String value,
			CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PasswordResetApplication.class)
			.run("--server.port=0", "--" + property + "=" + value)
			.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("Invalid setting:")
			.containsPattern("(?m)^    " + Pattern.quote(property + "=" + value + ": ") + ".+$");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					reset.bootstrap.management-account-id | 0123456789ABCDEF0123456789ABCDEF | must be 32 lower-case hexadecimal digits
					reset.bootstrap.access-key-id         | AKSHORT0001                      | must be 20 upper-case letters and digits
					""")
	void aBadBootstrapIdStopsTheStartWithOneLine(String property, String value, String message, CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PasswordResetApplication.class)
			.run("--server.port=0", "--" + property + "=" + value)
			.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("    " + property + "=" + value + ": " + message)
			.doesNotContain("\tat ");
	}

	@Test
	void aBadBootstrapSecretIsNamedInOneLineAndNeverShown(CapturedOutput output) {
		String secret = "abcdefghijABCDEFGHIJabcdefghijABCDEFGHI";
		TestSecrets.remember(secret);
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(PasswordResetApplication.class)
					.run("--server.port=0", "--reset.bootstrap.access-key-id=AKBADSECRET000000001",
							"--reset.bootstrap.secret-access-key=" + secret)
					.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("    reset.bootstrap.secret-access-key (value not shown): must be 40 letters and digits")
			.contains("Correct reset.bootstrap.secret-access-key (")
			.doesNotContain(secret)
			.doesNotContain("\tat ");
	}

	@Test
	void halfABootstrapKeyStopsTheStartNamingBothSettings(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(PasswordResetApplication.class)
					.run("--server.port=0", "--reset.bootstrap.access-key-id=AKHALFAKEY0000000001",
							"--reset.bootstrap.secret-access-key=")
					.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("    reset.bootstrap: set both reset.bootstrap.access-key-id and "
					+ "reset.bootstrap.secret-access-key, or neither")
			.contains("Correct reset.bootstrap.access-key-id, reset.bootstrap.secret-access-key (")
			.doesNotContain("\tat ");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(textBlock = """
			ftp://gateway.example/send?key=gateway-key-one-9Xw2
			https://user:gateway-key-two-4Lp7@gateway.example/send
			""")
	void aBadSmsGatewayUrlStopsTheStartWithOneLineThatDoesNotShowIt(String url, CapturedOutput output) {
		TestSecrets.remember(url);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PasswordResetApplication.class)
			.run("--server.port=0", "--reset.sms.gateway-url=" + url)
			.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("    reset.sms.gateway-url (value not shown): must be an http or https URL with a host, an "
					+ "optional port, path and query, and no user info")
			.doesNotContain("gateway-key-")
			.doesNotContain("\tat ");
	}

	@Test
	void aHeaderTheSmsGatewayCannotBeSentStopsTheStartWithoutShowingItsValue(CapturedOutput output) {
		String credential = "Bearer header-value-never-shown-5Jd8";
		TestSecrets.remember(credential);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PasswordResetApplication.class)
			.run("--server.port=0", "--reset.sms.gateway-url=https://gateway.example/send",
					"--reset.sms.headers.Authorization=" + credential, "--reset.sms.headers.Host=gateway.example")
			.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("    reset.sms: reset.sms.headers must name HTTP headers")
			.contains("Correct reset.sms.headers (")
			.doesNotContain(credential)
			.doesNotContain("\tat ");
	}

	@Test
	void aBadShapeOfAWritableDirectorysNewEntriesStopsTheStartNamingTheSetting(CapturedOutput output) {
		String store = "--reset.ldap.stores.corp.";
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(PasswordResetApplication.class)
					.run("--server.port=0", store + "url=ldaps://127.0.0.1:1636", store + "bind-dn=cn=svc",
							store + "bind-password=never-shown-8Qz", store + "user-base=ou=users",
							store + "writable=true", store + "entry.rdn-attribute=c n")
					.close());
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("    reset.ldap.stores[corp].entry.rdn-attribute=c n: must be an attribute name")
			.doesNotContain("never-shown-8Qz")
			.doesNotContain("\tat ");
	}

}
