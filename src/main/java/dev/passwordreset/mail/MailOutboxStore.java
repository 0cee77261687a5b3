package dev.passwordreset.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.CommitBatch;
import dev.passwordreset.retention.ExpiredRows;
import dev.passwordreset.sms.OutgoingSms;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code mail_outbox} table, in plain SQL that H2 and PostgreSQL both run. A batch is
 * found by one query and claimed by one conditional update under a name of its own
 * ({@code claimed_by}); every later change is conditional on the claim still being that
 * batch's. (One {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)} would
 * save a round trip on PostgreSQL, but H2 runs any such form as a scan of the whole
 * table, hundreds of milliseconds at twenty thousand rows.) Statements run in the
 * caller's transaction when there is one (enqueue), and on their own otherwise (the
 * worker).
 * <p>
 * The table carries every channel ({@code channel}: {@code MAIL} or {@code SMS}) through
 * the same claim, retries and dead-lettering; an SMS row holds the number in
 * {@code recipient} and the text in {@code text_body}.
 */
@Repository
class MailOutboxStore implements ExpiredRows {

	private static final int MAX_DEADLOCK_ATTEMPTS = 5;

	private final JdbcTemplate jdbc;

	private final CommitBatch atCommit;

	MailOutboxStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.atCommit = new CommitBatch(jdbc);
	}

	/**
	 * Queues a mail, sent to the database with the transaction's commit
	 * ({@link CommitBatch}).
	 */
	void insert(UUID id, OutgoingMail mail, Instant now) {
		this.atCommit.add("""
				insert into mail_outbox (id, channel, recipient, subject, text_body, html_body, status, attempts,
				    next_attempt_at, created_at, version)
				values (?, 'MAIL', ?, ?, ?, ?, 'PENDING', 0, ?, ?, 0)""", id, mail.to(), mail.subject(),
				mail.textBody(), mail.htmlBody(), at(now), at(now));
	}

	void insert(UUID id, OutgoingSms sms, Instant now) {
		this.atCommit.add("""
				insert into mail_outbox (id, channel, recipient, text_body, status, attempts, next_attempt_at,
				    created_at, version)
				values (?, 'SMS', ?, ?, 'PENDING', 0, ?, ?, 0)""", id, sms.to(), sms.text(), at(now), at(now));
	}

	/** Mails queued and not yet sent or given up. */
	long countUnsent() {
		return countUnsent(Channel.MAIL);
	}

	long countUnsent(Channel channel) {
		Long count = this.jdbc.queryForObject(
				"select count(*) from mail_outbox where status in ('PENDING', 'SENDING') and channel = ?", Long.class,
				channel.name());
		return (count != null) ? count : 0;
	}

	/** Messages of every channel queued and not yet sent or given up. */
	long countAllUnsent() {
		Long count = this.jdbc.queryForObject("select count(*) from mail_outbox where status in ('PENDING', 'SENDING')",
				Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * When the oldest message still waiting for delivery was queued, if any is waiting,
	 * whichever its channel.
	 */
	Optional<Instant> oldestUnsentSince() {
		OffsetDateTime oldest = this.jdbc.queryForObject(
				"select min(created_at) from mail_outbox where status in ('PENDING', 'SENDING')", OffsetDateTime.class);
		return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
	}

	/**
	 * Ids of up to {@code limit} mails due now, oldest due first: those whose claim
	 * lapsed (a worker died; few), and the first due PENDING ones. Each part reads the
	 * {@code (status,
	 * next_attempt_at)} index in its order and stops at the limit, so finding a batch
	 * costs the same with a backlog of thousands as with none; claiming decides which are
	 * taken.
	 */
	List<UUID> findClaimable(Instant now, int limit) {
		return this.jdbc.query("""
				select id from (
				    select id, next_attempt_at from mail_outbox
				    where status = 'SENDING' and claimed_until < ? and next_attempt_at <= ?
				    union all
				    select id, next_attempt_at from (
				        select id, next_attempt_at from mail_outbox
				        where status = 'PENDING' and next_attempt_at <= ?
				        order by status, next_attempt_at
				        limit ?) pending) due
				order by next_attempt_at, id
				limit ?""", (row, n) -> row.getObject("id", UUID.class), at(now), at(now), at(now), limit, limit);
	}

	/**
	 * Claims those of the given mails that are still due, in one statement, under the
	 * name of one batch's claim until {@code until}; returns how many it claimed. The
	 * update repeats the conditions on each row it locks, so of workers racing for a
	 * mail, on any instance, exactly one claims it. It is a short statement of its own:
	 * no lock is held while mail is sent.
	 */
	int claim(List<UUID> ids, String claim, Instant now, Instant until) {
		return updateRetryingDeadlocks("""
				update mail_outbox set status = 'SENDING', claimed_by = ?, claimed_until = ?, version = version + 1
				where id = any(?) and status in ('PENDING', 'SENDING') and next_attempt_at <= ?
				    and (status = 'PENDING' or claimed_until < ?)""", claim, at(until), ids.toArray(new UUID[0]),
				at(now), at(now));
	}

	/** The messages a claim holds, oldest first. */
	List<QueuedMessage> findClaimed(String claim) {
		return this.jdbc.query("""
				select id, channel, recipient, subject, text_body, html_body, attempts, created_at from mail_outbox
				where status = 'SENDING' and claimed_by = ?
				order by created_at, id""", MailOutboxStore::queuedMessage, claim);
	}

	/**
	 * Marks the mails of a claim sent, in one statement, and forgets their bodies;
	 * returns how many it marked, fewer if a claim was lost meanwhile.
	 */
	int markSent(List<UUID> ids, String claim, Instant now) {
		return updateRetryingDeadlocks("""
				update mail_outbox set status = 'SENT', sent_at = ?, text_body = null, html_body = null,
				    claimed_by = null, claimed_until = null, last_error = null, version = version + 1
				where id = any(?) and status = 'SENDING' and claimed_by = ?""", at(now), ids.toArray(new UUID[0]),
				claim);
	}

	/** Puts a claimed mail back for a later attempt. */
	boolean markRetry(UUID id, String claim, int attempts, Instant nextAttempt, String error) {
		return this.jdbc.update("""
				update mail_outbox set status = 'PENDING', attempts = ?, next_attempt_at = ?, last_error = ?,
				    claimed_by = null, claimed_until = null, version = version + 1
				where id = ? and status = 'SENDING' and claimed_by = ?""", attempts, at(nextAttempt), error, id,
				claim) == 1;
	}

	/**
	 * Gives back the mails a claim still holds, as they were: due at once, no attempt
	 * counted, for any worker to take; returns how many.
	 */
	int release(String claim) {
		return updateRetryingDeadlocks("""
				update mail_outbox set status = 'PENDING', claimed_by = null, claimed_until = null,
				    version = version + 1
				where status = 'SENDING' and claimed_by = ?""", claim);
	}

	/** Gives a claimed mail up and forgets its bodies. */
	boolean markDead(UUID id, String claim, int attempts, String error) {
		return this.jdbc.update("""
				update mail_outbox set status = 'DEAD', attempts = ?, last_error = ?, text_body = null,
				    html_body = null, claimed_by = null, claimed_until = null, version = version + 1
				where id = ? and status = 'SENDING' and claimed_by = ?""", attempts, error, id, claim) == 1;
	}

	@Override
	public String table() {
		return "mail_outbox";
	}

	/**
	 * Deletes mails and texts sent before {@code cutoff}, and those given up whose last
	 * attempt came due before it. Neither state ever changes again; a queued row is never
	 * deleted, however old. Each finds its rows through the index on (status,
	 * next_attempt_at): a row is due before it is sent.
	 */
	@Override
	public int deleteUnusableBefore(Instant cutoff, int limit) {
		List<UUID> ids = new ArrayList<>(this.jdbc.queryForList("""
				select id from mail_outbox where status = 'SENT' and next_attempt_at < ? and sent_at < ?
				fetch first ? rows only""", UUID.class, at(cutoff), at(cutoff), limit));
		if (ids.size() < limit) {
			ids.addAll(this.jdbc.queryForList("""
					select id from mail_outbox where status = 'DEAD' and next_attempt_at < ?
					fetch first ? rows only""", UUID.class, at(cutoff), limit - ids.size()));
		}
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.update("delete from mail_outbox where id = any(?) and status in ('SENT', 'DEAD')",
				(Object) ids.toArray(new UUID[0]));
	}

	private static QueuedMessage queuedMessage(ResultSet row, int rowNumber) throws SQLException {
		String text = row.getString("text_body");
		UUID id = row.getObject("id", UUID.class);
		Instant queuedAt = row.getObject("created_at", OffsetDateTime.class).toInstant();
		if (Channel.SMS.name().equals(row.getString("channel"))) {
			return new QueuedSms(id, new OutgoingSms(row.getString("recipient"), (text != null) ? text : ""),
					row.getInt("attempts"), queuedAt);
		}
		OutgoingMail mail = new OutgoingMail(row.getString("recipient"), row.getString("subject"),
				(text != null) ? text : "", row.getString("html_body"));
		return new QueuedMail(id, mail, row.getInt("attempts"), queuedAt);
	}

	/** The {@code channel} column: which transport delivers a row. */
	enum Channel {

		MAIL, SMS

	}

	private static @Nullable OffsetDateTime at(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	/**
	 * Runs a statement that updates several rows. Two such statements (a batch's claim
	 * and another batch's sent mark) may lock shared rows in different orders, and the
	 * database then rolls one of them back as a deadlock victim. On its own, outside a
	 * transaction, that statement changed nothing and its conditions are checked again,
	 * so it is simply run again: giving up would leave sent mails marked SENDING, to be
	 * sent a second time when their lease runs out.
	 */
	private int updateRetryingDeadlocks(String sql, Object... args) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.jdbc.update(sql, args);
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt >= MAX_DEADLOCK_ATTEMPTS || TransactionSynchronizationManager.isActualTransactionActive()) {
					throw ex;
				}
			}
		}
	}

}
