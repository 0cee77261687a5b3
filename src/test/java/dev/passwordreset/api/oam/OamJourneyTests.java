package dev.passwordreset.api.oam;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.MailJourneyPort;
import dev.passwordreset.MailJourneyTest;
import dev.passwordreset.ReceivedMail;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Store;
import dev.passwordreset.mail.MailDelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.MFA;
import static dev.passwordreset.api.oam.OamFixtures.PSWD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAM journey end to end, with a real SMTP server: createOTP by email, the code read
 * from the mail that arrives, PasswordResetRequestsWithOTP with the seed page's own
 * {@code userdetails}, and the new password signs in while the code is spent.
 */
@MailJourneyTest
class OamJourneyTests {

	/**
	 * Oracle's example:
	 * {@code systemTenant::cn=normal,ou=users,dc=ngam,dc=oracle,dc=com::oud::normal}.
	 */
	private static final String DN = "cn=normal,ou=users,dc=ngam,dc=oracle,dc=com";

	private static final String USERDETAILS = "systemTenant::" + DN + "::oud::normal";

	private static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s*([0-9]{6,10})\\s*$");

	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(MailJourneyPort.SMTP_PORT, null, "smtp"));

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void createOtpByMailThenResetWithTheSeedsUserdetails() throws Exception {
		HttpApi admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		Store oud = OamFixtures.createStore(admin, "oud");
		String address = "normal@ngam.example.com";
		OamFixtures.createUser(admin, oud, "normal", address, DN);

		ApiResponse created = admin.post(MFA + "/createOTP",
				"{\"appName\": \"selfservice\", \"deliveryChannel\": \"email\", \"userId\": \"normal\", \"idStore\": \"oud\"}");
		assertSuccess(created);
		String correlationId = created.text("correlationId");

		MailDelivery.deliverQueued(this.context);
		List<ReceivedMail> mails = ReceivedMail.to(address, smtp.getReceivedMessages());
		assertThat(mails).singleElement()
			.satisfies((mail) -> assertThat(mail.subject()).isEqualTo("Your verification code"));
		String text = mails.get(0).text();
		Matcher line = CODE_LINE.matcher(text);
		assertThat(line.find()).as(text).isTrue();
		String code = line.group(1);
		TestSecrets.remember(code);

		ObjectNode otp = OamFixtures.JSON.createObjectNode()
			.put("appName", "selfservice")
			.put("correlationId", correlationId)
			.put("otpCode", code)
			.put("userId", "normal");
		String password = "Orchid-Tundra-Beacon-58";
		TestSecrets.remember(password);
		ObjectNode body = OamFixtures.JSON.createObjectNode().put("password", password);
		body.set("otp", otp);
		// The query string exactly as Oracle's page writes it, commas and equals signs
		// unescaped.
		assertSuccess(admin.post(PSWD + "/PasswordResetRequestsWithOTP?userdetails=" + USERDETAILS, body.toString()));

		assertThat(OamFixtures.signIn(admin, oud, "normal", password)).isEqualTo(200);
		assertResult(admin.post(PSWD + "/PasswordResetRequestsWithOTP?userdetails=" + USERDETAILS,
				body.put("password", "Another-Password-Entirely-19").toString()), 422, "3", "OTP_USED");
		assertResult(admin.post(MFA + "/validateOTP", otp.put("idStore", "oud").toString()), 422, "3", "OTP_USED");

		// The user is told, without the password. Other tests' mail shares the outbox, so
		// only this user's counts.
		MailDelivery.deliverQueued(this.context);
		List<ReceivedMail> changed = ReceivedMail.to(address, smtp.getReceivedMessages())
			.stream()
			.filter((mail) -> mail.subject().equals("Your password was changed"))
			.toList();
		assertThat(changed).hasSize(1);
		assertThat(changed.get(0).text()).doesNotContain(password).contains("verification code");
	}

}
