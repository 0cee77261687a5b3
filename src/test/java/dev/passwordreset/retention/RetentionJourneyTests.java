package dev.passwordreset.retention;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.ResetLinks;
import dev.passwordreset.ResetLinks.Link;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge in the whole service, on both databases: reset links and their mails made
 * through the API, one user's aged past the retention period by moving its times back,
 * the other's left as they are.
 */
@ApiTest
class RetentionJourneyTests {

	/** Past the default retention period of 7 days, whenever the class runs. */
	private static final OffsetDateTime EIGHT_DAYS_AGO = OffsetDateTime.now(ZoneOffset.UTC).minusDays(8);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RetentionPurge purge;

	@Autowired
	List<ExpiredRows> tables;

	@Autowired
	List<ScheduledTaskHolder> schedulers;

	HttpApi admin;

	HttpApi browser;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.browser = HttpApi.on(this.port);
		ApiResponse created = this.admin.post("/v1/identity-stores", "{\"name\": \"retention-" + hex() + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.store = created.text("identity_store_id");
	}

	@Test
	void everyTableOfUnusableRowsIsPurged() {
		assertThat(this.tables).extracting(ExpiredRows::table)
			.containsExactlyInAnyOrder("one_time_code", "reset_token", "mail_outbox");
	}

	@Test
	void aLinkAndItsMailPastTheRetentionPeriodAreDeletedWhileAnotherUsersLinkStillWorks() {
		Link old = newLink("olga");
		Link current = newLink("carl");
		// Olga's link expired eight days ago and its mail went out then.
		expireEightDaysAgo(old);
		this.jdbc.update(
				"""
						update mail_outbox set status = 'SENT', sent_at = ?, next_attempt_at = ?, text_body = null, html_body = null
						where id = ?""",
				EIGHT_DAYS_AGO, EIGHT_DAYS_AGO, old.mailId());

		assertThat(this.purge.purge()).isGreaterThanOrEqualTo(2);

		assertThat(this.jdbc.queryForObject("select count(*) from reset_token where user_id = ?", Integer.class,
				old.userId()))
			.isZero();
		assertThat(
				this.jdbc.queryForObject("select count(*) from mail_outbox where id = ?", Integer.class, old.mailId()))
			.isZero();
		ApiResponse gone = this.browser.get("/reset-password?token=" + old.token());
		assertThat(gone.status()).isEqualTo(400);
		assertThat(gone.body()).contains("invalid or has expired").doesNotContain("<form");

		assertThat(this.jdbc.queryForObject("select count(*) from mail_outbox where id = ?", Integer.class,
				current.mailId()))
			.as("a mail still queued stays")
			.isOne();
		ApiResponse page = this.browser.get("/reset-password?token=" + current.token());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<form");
	}

	@Test
	void theContextSchedulesThePurgeEveryIntervalFromOneIntervalAfterTheStart() {
		List<FixedDelayTask> hourly = this.schedulers.stream()
			.flatMap((holder) -> holder.getScheduledTasks().stream())
			.map(ScheduledTask::getTask)
			.filter(FixedDelayTask.class::isInstance)
			.map(FixedDelayTask.class::cast)
			.filter((task) -> task.getInitialDelayDuration().equals(Duration.ofHours(1))
					&& task.getIntervalDuration().equals(Duration.ofHours(1)))
			.toList();
		assertThat(hourly).hasSize(1);

		Link old = newLink("otto");
		expireEightDaysAgo(old);
		hourly.get(0).getRunnable().run();
		assertThat(this.jdbc.queryForObject("select count(*) from reset_token where user_id = ?", Integer.class,
				old.userId()))
			.as("the scheduled task is the purge")
			.isZero();
	}

	private void expireEightDaysAgo(Link link) {
		this.jdbc.update("update reset_token set created_at = ?, expires_at = ? where user_id = ?", EIGHT_DAYS_AGO,
				EIGHT_DAYS_AGO, link.userId());
	}

	private Link newLink(String userName) {
		return ResetLinks.emailed(this.admin, this.jdbc, this.store, userName);
	}

	private static String hex() {
		return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
	}

}
