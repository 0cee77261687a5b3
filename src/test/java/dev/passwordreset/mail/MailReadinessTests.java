package dev.passwordreset.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.MailJourneyPort;
import dev.passwordreset.MailJourneyTest;
import dev.passwordreset.SmsGatewayStub;
import dev.passwordreset.sms.OutgoingSms;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness over HTTP, as a Kubernetes probe asks for it: DOWN while a mail or SMS has
 * waited longer than {@code reset.mail.readiness-max-age}, UP again once it is delivered;
 * and the delivery's series.
 */
@MailJourneyTest
class MailReadinessTests {

	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.port(MailJourneyPort.SMTP_PORT))
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	MailOutbox outbox;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void readinessIsDownWhileAMailWaitsLongerThanTheLimitAndUpOnceItIsDelivered() {
		MailDelivery.deliverQueued(this.context);
		// Mails other tests left waiting with a backoff would keep it down; they are not
		// this test's.
		this.jdbc.update("update mail_outbox set status = 'DEAD' where status in ('PENDING', 'SENDING')");
		assertThat(readiness().status()).isEqualTo(200);

		UUID stuck = this.outbox.enqueue(new OutgoingMail("stuck@example.com", "Stuck", "text", "<p>html</p>"));
		assertThat(readiness().status()).as("a fresh mail is no reason for alarm").isEqualTo(200);
		this.jdbc.update("update mail_outbox set created_at = ? where id = ?",
				Instant.now().minus(16, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC), stuck);
		ApiResponse down = readiness();
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.json().get("status").asString()).isEqualTo("DOWN");
		assertThat(down.body()).as("no details without credentials").doesNotContain("stuck");
		assertThat(HttpApi.on(this.port).get("/actuator/health/liveness").status()).as("alive all the same")
			.isEqualTo(200);

		double sentBefore = this.meters.get("mail.outbox.sent").counter().count();
		Timer delivery = this.meters.get("mail.outbox.delivery").timer();
		long deliveriesBefore = delivery.count();
		MailDelivery.deliverQueued(this.context);
		assertThat(readiness().status()).isEqualTo(200);
		assertThat(this.meters.get("mail.outbox.sent").counter().count() - sentBefore).isEqualTo(1);
		assertThat(delivery.count() - deliveriesBefore).isEqualTo(1);
		assertThat(delivery.max(TimeUnit.MINUTES)).as("from queuing to delivery").isGreaterThanOrEqualTo(16);
		assertThat(smtp.getReceivedMessages()).anySatisfy((mail) -> assertThat(mail.getSubject()).isEqualTo("Stuck"));
	}

	@Test
	void anSmsWaitingOutAGatewayOutageTakesReadinessDownNoSoonerThanAMailWould() {
		MailDelivery.deliverQueued(this.context);
		this.jdbc.update("update mail_outbox set status = 'DEAD' where status in ('PENDING', 'SENDING')");
		UUID text = this.outbox.enqueueSms(new OutgoingSms("+15550199001", "Readiness test message"));
		// Nothing listens on the gateway's port: the attempt fails, and the message waits
		// for its backoff.
		MailDelivery.deliverQueued(this.context);
		assertThat(this.jdbc.queryForObject("select attempts from mail_outbox where id = ?", Integer.class, text))
			.isEqualTo(1);

		queuedMinutesAgo(text, 14);
		assertThat(readiness().status()).as("younger than reset.mail.readiness-max-age").isEqualTo(200);
		queuedMinutesAgo(text, 16);
		assertThat(readiness().status()).isEqualTo(503);

		double sentBefore = this.meters.get("sms.outbox.sent").counter().count();
		try (SmsGatewayStub gateway = SmsGatewayStub.start(MailJourneyPort.SMS_GATEWAY_PORT)) {
			// Due now rather than after its backoff.
			this.jdbc.update("update mail_outbox set next_attempt_at = created_at where id = ?", text);
			MailDelivery.deliverQueued(this.context);
			assertThat(gateway.acceptedFor("+15550199001")).hasSize(1);
		}
		assertThat(readiness().status()).isEqualTo(200);
		assertThat(this.meters.get("sms.outbox.sent").counter().count() - sentBefore).isEqualTo(1);
	}

	private void queuedMinutesAgo(UUID id, int minutes) {
		this.jdbc.update("update mail_outbox set created_at = ? where id = ?",
				Instant.now().minus(minutes, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC), id);
	}

	private ApiResponse readiness() {
		return HttpApi.on(this.port).get("/actuator/health/readiness");
	}

}
