package dev.passwordreset.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The value a caller queues, and the retry schedule of the settings.
 */
class OutgoingMailTests {

	@Test
	void toStringNeverShowsTheBodies() {
		OutgoingMail mail = new OutgoingMail("alice@example.com", "Reset", "https://reset.example/t/secret-text",
				"<a href=\"https://reset.example/t/secret-html\">reset</a>");
		assertThat(mail.toString()).contains("alice@example.com", "Reset").doesNotContain("secret-text", "secret-html");
	}

	@Test
	void aRecipientMustBeOneAddressAndASubjectOneLine() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OutgoingMail("not an address", "s", "t", null))
			.withMessageNotContaining("not an address");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OutgoingMail("a@example.com, b@example.com", "s", "t", null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OutgoingMail("a@example.com", "s\r\nBcc: b@example.com", "t", null));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new OutgoingMail("a@example.com", "s", "x".repeat(OutgoingMail.MAX_BODY_LENGTH + 1), null));
	}

	@Test
	void theBackoffDoublesFromTheInitialWaitUpToTheMaximum() {
		MailOutboxProperties properties = new MailOutboxProperties("no-reply@localhost", true, 2, Duration.ofSeconds(2),
				50, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(15), 8, Duration.ofMinutes(15));
		assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(80));
		assertThat(properties.backoffAfter(7)).isEqualTo(Duration.ofSeconds(640));
		assertThat(properties.backoffAfter(8)).isEqualTo(Duration.ofMinutes(15));
		assertThat(properties.backoffAfter(60)).isEqualTo(Duration.ofMinutes(15));
	}

}
