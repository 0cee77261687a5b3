package dev.passwordreset.api.oam;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.MailJourneyPort;
import dev.passwordreset.MailJourneyTest;
import dev.passwordreset.SmsGatewayStub;
import dev.passwordreset.SmsGatewayStub.Received;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Issued;
import dev.passwordreset.api.oam.OamFixtures.Store;
import dev.passwordreset.mail.MailDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.MFA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * createOTP over {@code sms} end to end: the code goes through the outbox to a real HTTP
 * gateway on a loopback port (an {@link SmsGatewayStub} this class starts where the
 * shared context's {@code reset.sms.gateway-url} points), only ever to a number on file,
 * never back in the answer; it survives the gateway being away, and a gateway's lasting
 * refusal dead-letters it at once. The test delivers queued messages itself
 * ({@link MailDelivery}), as the other journeys of the context do.
 */
@MailJourneyTest
class OamSmsJourneyTests {

	private static final String APP = "sms-app";

	private static final Pattern CODE = Pattern.compile("\\b([0-9]{6,10})\\b");

	/**
	 * The notices of a reset by code go by mail: this context's SMTP server takes them.
	 */
	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(MailJourneyPort.SMTP_PORT, null, "smtp"));

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	private HttpApi admin;

	private Store store;

	private SmsGatewayStub gateway;

	@BeforeEach
	void startGateway() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
		this.gateway = SmsGatewayStub.start(MailJourneyPort.SMS_GATEWAY_PORT);
	}

	@AfterEach
	void stopGateway() {
		if (this.gateway != null) {
			this.gateway.close();
		}
	}

	@Test
	void aCodeBySmsReachesTheGatewayOnceAtTheNumberOnFileAndResetsThePassword() {
		createUser("texted", phone("+86 138-0000-0001", true), phone("+86 139 0000 0002", false));

		ApiResponse created = createOtp("texted", null);
		JsonNode answer = assertSuccess(created);
		assertThat(answer.get("message").asString()).isEqualTo("The one-time code was sent.");
		String correlationId = created.text("correlationId");
		MailDelivery.deliverQueued(this.context);

		List<Received> received = this.gateway.receivedFor("+8613800000001");
		assertThat(received).hasSize(1);
		Received sms = received.get(0);
		assertThat(sms.method()).isEqualTo("POST");
		assertThat(sms.path()).isEqualTo("/v1/messages?account=reset");
		assertThat(sms.contentType()).startsWith("application/json");
		assertThat(sms.authorization()).isEqualTo(MailJourneyPort.SMS_GATEWAY_AUTHORIZATION);
		assertThat(sms.json().propertyNames()).containsExactlyInAnyOrder("to", "text", "id");
		Matcher code = CODE.matcher(sms.text());
		assertThat(code.find()).as(sms.text()).isTrue();
		String otpCode = code.group(1);
		TestSecrets.remember(otpCode);
		// The code went to the phone only: not into the answer, whichever field.
		assertThat(created.body()).doesNotContain(otpCode);
		// Nothing left in the outbox that holds it.
		Map<String, Object> row = this.jdbc.queryForMap("select status, text_body from mail_outbox where recipient = ?",
				"+8613800000001");
		assertThat(row.get("status")).isEqualTo("SENT");
		assertThat(row.get("text_body")).isNull();

		ObjectNode otp = OamFixtures.otp(this.store, "texted", APP, new Issued(correlationId, otpCode));
		String password = "Harbor-Violet-Compass-73";
		assertSuccess(OamFixtures.resetWithOtp(this.admin, "/texted/" + this.store.name(), otp, password, null));
		assertThat(OamFixtures.signIn(this.admin, this.store, "texted", password)).isEqualTo(200);
		assertThat(this.gateway.received()).hasSize(1);
	}

	@Test
	void anSmsQueuedWhileTheGatewayIsAwayArrivesOnceWhenItIsBack() {
		createUser("patient", phone("+1 (555) 010-0001", true));
		this.gateway.close();

		assertSuccess(createOtp("patient", null));
		// Nothing listens: the connection is refused, and the message waits for its
		// backoff.
		MailDelivery.deliverQueued(this.context);
		assertThat(pendingAttempts("+15550100001")).isEqualTo(1);

		// Back, but failing for a while.
		this.gateway = SmsGatewayStub.start(MailJourneyPort.SMS_GATEWAY_PORT).answer(503);
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			MailDelivery.deliverQueued(this.context);
			return !this.gateway.receivedFor("+15550100001").isEmpty();
		});
		assertThat(this.gateway.acceptedFor("+15550100001")).isEmpty();

		this.gateway.answer(200);
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			MailDelivery.deliverQueued(this.context);
			return !this.gateway.acceptedFor("+15550100001").isEmpty();
		});
		// Delivered exactly once, with the same message id as every attempt before.
		MailDelivery.deliverQueued(this.context);
		assertThat(this.gateway.acceptedFor("+15550100001")).hasSize(1);
		assertThat(this.gateway.receivedFor("+15550100001").stream().map((sms) -> sms.json().get("id").asString()))
			.containsOnly(this.gateway.acceptedFor("+15550100001").get(0).json().get("id").asString());
		assertThat(this.jdbc.queryForList("select status from mail_outbox where recipient = ?", String.class,
				"+15550100001"))
			.containsExactly("SENT");
	}

	@Test
	void anSmsTheGatewayRefusesIsGivenUpAfterOneAttemptAndCounted() {
		createUser("refused", phone("+44 20 7946 0001", true));
		double deadBefore = this.meters.get("sms.outbox.dead").counter().count();
		this.gateway.answer(400);

		assertSuccess(createOtp("refused", null));
		MailDelivery.deliverQueued(this.context);

		assertThat(this.gateway.receivedFor("+442079460001")).hasSize(1);
		Map<String, Object> row = this.jdbc.queryForMap(
				"select status, attempts, text_body, last_error from mail_outbox where recipient = ?", "+442079460001");
		assertThat(row.get("status")).isEqualTo("DEAD");
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat(row.get("text_body")).isNull();
		assertThat(row.get("last_error").toString()).contains("400");
		assertThat(this.meters.get("sms.outbox.dead").counter().count() - deadBefore).isEqualTo(1);
		// Given up for good: no later poll tries again.
		MailDelivery.deliverQueued(this.context);
		assertThat(this.gateway.receivedFor("+442079460001")).hasSize(1);
	}

	@Test
	void aNumberInTheRequestGoesThroughOnlyWhenItIsOneOfTheUsersOwn() {
		createUser("choosy", phone("+49 30 1234 5601", true), phone("+49 151 2345 6702", false));

		assertResult(createOtp("choosy", "+49 30 9999 9999"), 424, "13", "DELIVERY_NOT_POSSIBLE");
		// Written another way, the user's second number is theirs.
		assertSuccess(createOtp("choosy", "+49 (151) 2345-6702"));
		MailDelivery.deliverQueued(this.context);

		assertThat(this.gateway.receivedFor("+493099999999")).isEmpty();
		assertThat(this.gateway.receivedFor("+493012345601")).isEmpty();
		assertThat(this.gateway.receivedFor("+4915123456702")).hasSize(1);
		assertThat(this.jdbc.queryForObject("select count(*) from mail_outbox where recipient = ?", Integer.class,
				"+493099999999"))
			.isZero();
	}

	@Test
	void aUserWithoutAPrimaryPhoneNumberIsToldTheCodeCannotBeDelivered() {
		createUser("phoneless");
		createUser("secondary", phone("+33 1 23 45 67 01", false));

		JsonNode none = assertResult(createOtp("phoneless", null), 424, "13", "DELIVERY_NOT_POSSIBLE");
		assertThat(none.get("message").asString()).contains("no primary phone number");
		assertResult(createOtp("secondary", null), 424, "13", "DELIVERY_NOT_POSSIBLE");
		MailDelivery.deliverQueued(this.context);
		assertThat(this.gateway.received()).isEmpty();
	}

	private ApiResponse createOtp(String userName, String phone) {
		ObjectNode body = OamFixtures.JSON.createObjectNode()
			.put("appName", APP)
			.put("deliveryChannel", "sms")
			.put("userId", userName)
			.put("idStore", this.store.name());
		if (phone != null) {
			body.put("phone", phone);
		}
		return this.admin.post(MFA + "/createOTP", body.toString());
	}

	private Integer pendingAttempts(String number) {
		return this.jdbc.queryForObject("select attempts from mail_outbox where recipient = ? and status = 'PENDING'",
				Integer.class, number);
	}

	private void createUser(String userName, ObjectNode... phones) {
		ObjectNode user = OamFixtures.JSON.createObjectNode().put("user_name", userName);
		user.putArray("emails").addObject().put("value", userName + "@sms.example.com").put("primary", true);
		ArrayNode numbers = user.putArray("phone_numbers");
		for (ObjectNode phone : phones) {
			numbers.add(phone);
		}
		ApiResponse created = this.admin.post("/v1/identity-stores/" + this.store.id() + "/users", user.toString());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	private static ObjectNode phone(String value, boolean primary) {
		return OamFixtures.JSON.createObjectNode().put("value", value).put("type", "mobile").put("primary", primary);
	}

}
