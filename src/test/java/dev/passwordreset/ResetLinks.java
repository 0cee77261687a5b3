package dev.passwordreset;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.HttpApi.ApiResponse;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reset links made as an administrator makes them: a new user with an email address, an
 * EMAIL reset over the API, and the link read from the mail it queued (the suite's
 * contexts deliver no mail by themselves, so the mail is still in the outbox).
 */
public final class ResetLinks {

	private static final Pattern LINK = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]{43})");

	private ResetLinks() {
	}

	/** A link for a new user of the store, remembered as a secret of the run. */
	public static Link emailed(HttpApi admin, JdbcTemplate jdbc, String store, String userName) {
		String email = userName + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL)
				+ "@example.com";
		ApiResponse user = admin.post("/v1/identity-stores/" + store + "/users", "{\"user_name\": \"" + userName
				+ "\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}");
		assertThat(user.status()).as(user.body()).isEqualTo(201);
		ApiResponse reset = admin.post(
				"/v1/identity-stores/" + store + "/users/" + user.text("user_id") + "/reset-password",
				"{\"mode\": \"EMAIL\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		UUID mailId = jdbc.queryForObject("select id from mail_outbox where recipient = ?", UUID.class, email);
		String text = jdbc.queryForObject("select text_body from mail_outbox where id = ?", String.class, mailId);
		Matcher matcher = LINK.matcher(text);
		assertThat(matcher.find()).isTrue();
		TestSecrets.remember(matcher.group(1));
		return new Link(UUID.fromString(user.text("user_id")), mailId, matcher.group(1));
	}

	/** The user the link is for, the mail that carries it, and its token. */
	public record Link(UUID userId, UUID mailId, String token) {
	}

}
