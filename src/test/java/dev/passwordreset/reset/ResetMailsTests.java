package dev.passwordreset.reset;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.mail.OutgoingMail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User-controlled text (display names, user names) never becomes a link in the service's
 * mails.
 */
class ResetMailsTests {

	private static final String LINK = "https://reset.example.com/reset-password?token=" + "A".repeat(43);

	/**
	 * What mail clients turn into links in plain text: a scheme, {@code www.}, and a host
	 * with a dot before a top-level domain.
	 */
	private static final Pattern LINKABLE = Pattern
		.compile("(?i)[a-z][a-z0-9+.-]*://|www\\.|evil[.\u3002\uFF0E\uFF61][a-z]|attacker[.\u3002\uFF0E\uFF61][a-z]");

	@Test
	void aUrlInTheDisplayNameIsNoLinkInTheTextPartOfAnyMail() {
		UserAttributes user = UserAttributes.builder("victim")
			.displayName("IT Desk: https://evil.example/login or www.attacker.example or evil\u3002example")
			.build();
		for (OutgoingMail mail : mailsTo(user)) {
			String greeting = mail.textBody().lines().findFirst().orElseThrow();
			assertThat(greeting).as(mail.subject())
				.doesNotContainPattern(LINKABLE)
				.contains("https[:]//evil[.]example/login", "www[.]attacker[.]example", "evil[.]example");
			assertThat(mail.htmlBody().replace(LINK, "")).as("the HTML part, but for the service's own link")
				.doesNotContainPattern(LINKABLE);
		}
	}

	@Test
	void theServicesOwnLinkStaysALink() {
		OutgoingMail mail = ResetMails.resetLink("victim@example.com",
				UserAttributes.builder("victim").displayName("www.evil.example").build(), LINK, Duration.ofMinutes(30),
				false);
		assertThat(mail.textBody()).contains("\n" + LINK + "\n").doesNotContain("www.evil.example");
		assertThat(mail.htmlBody()).contains("<a href=\"" + LINK + "\">");
	}

	@Test
	void aUserNameThatLooksLikeAHostIsDefangedToo() {
		OutgoingMail mail = ResetMails.passwordChanged("victim@example.com",
				UserAttributes.builder("support.evil.example").build(), Instant.EPOCH);
		assertThat(mail.textBody()).contains("support[.]evil[.]example").doesNotContain("evil.example");
	}

	@Test
	void markupInTheDisplayNameIsEscapedInTheHtmlPart() {
		OutgoingMail mail = ResetMails.passwordChanged("victim@example.com",
				UserAttributes.builder("victim")
					.displayName("<a href=\"x\">Click</a> & <script>alert(1)</script>")
					.build(),
				Instant.EPOCH);
		assertThat(mail.htmlBody()).doesNotContain("<a href=\"x\"", "<script>")
			.contains("&lt;a href=&quot;x&quot;&gt;Click&lt;/a&gt; &amp; &lt;script&gt;");
	}

	@Test
	void ordinaryNamesReadAsTheyAre() {
		OutgoingMail mail = ResetMails.passwordChanged("victim@example.com",
				UserAttributes.builder("alice").displayName("Alice P. Liddell").build(), Instant.EPOCH);
		assertThat(mail.textBody()).startsWith("Hello Alice P. Liddell,").contains("account alice ");
	}

	private static List<OutgoingMail> mailsTo(UserAttributes user) {
		String to = "victim@example.com";
		return List.of(ResetMails.resetLink(to, user, LINK, Duration.ofMinutes(30), false),
				ResetMails.resetLink(to, user, LINK, Duration.ofMinutes(30), true),
				ResetMails.passwordChanged(to, user, Instant.EPOCH),
				ResetMails.oneTimePasswordSet(to, user, Instant.EPOCH),
				ResetMails.oneTimeCode(to, user, "123456", Duration.ofMinutes(10)),
				ResetMails.passwordChangedWithCode(to, user, Instant.EPOCH),
				ResetMails.passwordChangedByUser(to, user, Instant.EPOCH),
				ResetMails.oneTimePassword(to, user, "Temp-Pass-1234", Instant.EPOCH));
	}

}
