package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.MailJourneyPort;
import dev.passwordreset.MailJourneyTest;
import dev.passwordreset.ReceivedMail;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.mail.MailDelivery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mode EMAIL end to end with a real SMTP server (GreenMail): the link is read out of the
 * mail that server received, as the user's mail client would show it.
 */
@MailJourneyTest
class EmailResetJourneyTests {

	private static final Pattern LINK = Pattern
		.compile("(https://reset\\.example\\.test/reset-password\\?token=([A-Za-z0-9_-]{43}))");

	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.port(MailJourneyPort.SMTP_PORT))
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void theMailedLinkOpensThePageSetsTheNewPasswordOnceAndOnlyTheNewPasswordSignsIn() {
		String address = uniqueAddress("erin");
		String userId = createUser("erin", address);
		String oldPassword = mailedOneTimePassword(userId, address);

		ApiResponse reset = this.admin.post(user(userId) + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.body()).isEqualTo("{}");
		MailDelivery.deliverQueued(this.context);

		ReceivedMail mail = latestMailTo(address, "Reset your password");
		Matcher link = LINK.matcher(mail.text());
		assertThat(link.find()).as("the link, built from reset.public-base-url, in the text part").isTrue();
		assertThat(mail.html()).contains("<a href=\"" + link.group(1) + "\">");
		String token = link.group(2);
		TestSecrets.remember(token);
		// The configured base is another host; the page is served here.
		String page = "/reset-password?token=" + token;
		ApiResponse form = HttpApi.on(this.port).get(page);
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("name=\"token\" value=\"" + token + "\"");

		String newPassword = "Lantern-Orchard-" + UUID.randomUUID();
		TestSecrets.remember(newPassword);
		assertThat(confirm(token, newPassword).status()).isEqualTo(200);

		ApiResponse signedIn = signIn("erin", newPassword);
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.json().get("password_change_required").asBoolean()).isFalse();
		assertThat(signIn("erin", oldPassword).status()).as("the one-time password before the reset").isEqualTo(401);
		assertThat(confirm(token, newPassword + "-again").status()).as("the used link").isEqualTo(400);
		assertThat(HttpApi.on(this.port).get(page).status()).isEqualTo(400);

		MailDelivery.deliverQueued(this.context);
		ReceivedMail changed = latestMailTo(address, "Your password was changed");
		assertThat(changed.text() + changed.html()).doesNotContain(newPassword).doesNotContain(token);
	}

	@Test
	void whileTheMailServerIsDownResetsStillAnswerAndEachMailIsDeliveredExactlyOnceWhenItIsBack() {
		smtp.stop();
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String address = uniqueAddress("queued" + i);
			addresses.add(address);
			String userId = createUser("queued" + i, address);
			long started = System.nanoTime();
			ApiResponse reset = this.admin.post(user(userId) + "/reset-password", "{\"mode\": \"EMAIL\"}");
			assertThat(reset.status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for the mail server")
				.isLessThan(Duration.ofSeconds(2));
		}
		MailDelivery.deliverQueued(this.context);
		assertThat(attemptsOfPendingMailsTo(addresses)).as("each tried once, and failed").containsOnly(1);

		GreenMail restarted = new GreenMail(ServerSetupTest.SMTP.port(MailJourneyPort.SMTP_PORT));
		restarted.start();
		try {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
				MailDelivery.deliverQueued(this.context);
				return addresses.stream()
					.allMatch((address) -> !ReceivedMail.to(address, restarted.getReceivedMessages()).isEmpty());
			});
			// More polls find nothing left to send.
			MailDelivery.deliverQueued(this.context);
			for (String address : addresses) {
				assertThat(ReceivedMail.to(address, restarted.getReceivedMessages())).as(address).hasSize(1);
			}
			assertThat(this.jdbc.queryForList("select status from mail_outbox where recipient in (?, ?, ?, ?, ?)",
					String.class, addresses.toArray()))
				.hasSize(5)
				.containsOnly("SENT");
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void aMaskedOneTimePasswordIsShownAsItsFirstFourCharactersAndArrivesByMail() {
		String address = uniqueAddress("otto");
		String userId = createUser("otto", address);
		String password = mailedOneTimePassword(userId, address);
		ApiResponse signedIn = signIn("otto", password);
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.json().get("password_change_required").asBoolean()).isTrue();

		ApiResponse withoutEmail = this.admin.post("/v1/identity-stores/" + this.store + "/users",
				"{\"user_name\": \"mailless\", \"password_mode\": \"OTP\"}");
		assertThat(withoutEmail.status()).as("nobody could ever learn the password").isEqualTo(400);
		assertThat(withoutEmail.text("error_msg")).contains("no primary email address");
		assertThat(
				this.admin.get("/v1/identity-stores/" + this.store + "/users?user_name=mailless").json().get("users"))
			.as("and the user is not created either")
			.isEmpty();
	}

	/**
	 * Resets in mode OTP, checks the masked answer, and reads the password out of the
	 * mail.
	 */
	private String mailedOneTimePassword(String userId, String address) {
		ApiResponse otp = this.admin.post(user(userId) + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(otp.status()).isEqualTo(200);
		String shown = otp.text("password");
		assertThat(shown).matches(".{4}\\*\\*\\*");
		MailDelivery.deliverQueued(this.context);
		ReceivedMail mail = latestMailTo(address, "Your one-time password");
		Matcher password = Pattern.compile("\\n\\n(\\S{16,})\\n\\n").matcher(mail.text().replace("\r\n", "\n"));
		assertThat(password.find()).as(mail.text()).isTrue();
		TestSecrets.remember(password.group(1));
		assertThat(password.group(1)).startsWith(shown.substring(0, 4));
		assertThat(mail.html()).contains(HtmlUtils.htmlEscape(password.group(1)));
		return password.group(1);
	}

	private List<Integer> attemptsOfPendingMailsTo(List<String> addresses) {
		return this.jdbc.queryForList(
				"select attempts from mail_outbox where status = 'PENDING' and recipient in (?, ?, ?, ?, ?)",
				Integer.class, addresses.toArray());
	}

	private ReceivedMail latestMailTo(String address, String subject) {
		List<ReceivedMail> mails = ReceivedMail.to(address, smtp.getReceivedMessages())
			.stream()
			.filter((mail) -> mail.subject().equals(subject))
			.toList();
		assertThat(mails).as("mails to %s with subject %s", address, subject).isNotEmpty();
		return mails.get(mails.size() - 1);
	}

	private ApiResponse confirm(String token, String newPassword) {
		return HttpApi.on(this.port)
			.post("/v1/password-resets/confirm",
					"{\"token\": \"" + token + "\", \"new_password\": \"" + newPassword + "\"}");
	}

	private ApiResponse signIn(String userName, String password) {
		return this.admin.post("/v1/identity-stores/" + this.store + "/authenticate",
				"{\"user_name\": \"" + userName + "\", \"password\": \"" + password + "\"}");
	}

	private String createUser(String userName, String email) {
		ApiResponse created = this.admin.post("/v1/identity-stores/" + this.store + "/users", "{\"user_name\": \""
				+ userName + "\", \"emails\": [{\"value\": \"" + email + "\", \"primary\": true}]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private String user(String userId) {
		return "/v1/identity-stores/" + this.store + "/users/" + userId;
	}

	private static String uniqueAddress(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

}
