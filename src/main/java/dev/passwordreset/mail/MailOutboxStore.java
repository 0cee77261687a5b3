package dev.passwordreset.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code mail_outbox} table, in plain SQL: the claim is one conditional update per row, and
 * every later change is conditional on the claim still being this worker's. Statements run in the
 * caller's transaction when there is one (enqueue), and on their own otherwise (the worker).
 */
@Repository
class MailOutboxStore {

	private final JdbcTemplate jdbc;

	MailOutboxStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, OutgoingMail mail, Instant now) {
		this.jdbc.update("""
				insert into mail_outbox (id, recipient, subject, text_body, html_body, status, attempts,
				    next_attempt_at, created_at, version)
				values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, 0)""", id, mail.to(), mail.subject(), mail.textBody(),
				mail.htmlBody(), at(now), at(now));
	}

	long countUnsent() {
		Long count = this.jdbc.queryForObject(
				"select count(*) from mail_outbox where status in ('PENDING', 'SENDING')", Long.class);
		return (count != null) ? count : 0;
	}

	/** When the oldest mail still waiting for delivery was queued, if any is waiting. */
	Optional<Instant> oldestUnsentSince() {
		OffsetDateTime oldest = this.jdbc.queryForObject(
				"select min(created_at) from mail_outbox where status in ('PENDING', 'SENDING')", OffsetDateTime.class);
		return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
	}

	/** Ids that may be claimed now, oldest due first; claiming decides which really are. */
	List<UUID> findClaimable(Instant now, int limit) {
		return this.jdbc.query("""
				select id from mail_outbox
				where (status = 'PENDING' or (status = 'SENDING' and claimed_until < ?)) and next_attempt_at <= ?
				order by next_attempt_at, id""", (statement) -> {
			statement.setObject(1, at(now));
			statement.setObject(2, at(now));
			statement.setMaxRows(limit);
		}, (row, n) -> row.getObject("id", UUID.class));
	}

	/**
	 * Claims one mail for a worker until {@code until}. Atomic: of several workers racing for the
	 * same row, exactly one update counts 1.
	 */
	boolean claim(UUID id, String worker, Instant now, Instant until) {
		return this.jdbc.update("""
				update mail_outbox set status = 'SENDING', claimed_by = ?, claimed_until = ?, version = version + 1
				where id = ? and (status = 'PENDING' or (status = 'SENDING' and claimed_until < ?))
				    and next_attempt_at <= ?""", worker, at(until), id, at(now), at(now)) == 1;
	}

	Optional<QueuedMail> findClaimed(UUID id, String worker) {
		return this.jdbc.query("""
				select id, recipient, subject, text_body, html_body, attempts, created_at from mail_outbox
				where id = ? and status = 'SENDING' and claimed_by = ?""", MailOutboxStore::queuedMail, id, worker)
			.stream()
			.findFirst();
	}

	/** Marks a claimed mail sent and forgets its bodies; false if the claim was lost meanwhile. */
	boolean markSent(UUID id, String worker, Instant now) {
		return this.jdbc.update("""
				update mail_outbox set status = 'SENT', sent_at = ?, text_body = null, html_body = null,
				    claimed_by = null, claimed_until = null, last_error = null, version = version + 1
				where id = ? and status = 'SENDING' and claimed_by = ?""", at(now), id, worker) == 1;
	}

	/** Puts a claimed mail back for a later attempt. */
	boolean markRetry(UUID id, String worker, int attempts, Instant nextAttempt, String error) {
		return this.jdbc.update("""
				update mail_outbox set status = 'PENDING', attempts = ?, next_attempt_at = ?, last_error = ?,
				    claimed_by = null, claimed_until = null, version = version + 1
				where id = ? and status = 'SENDING' and claimed_by = ?""", attempts, at(nextAttempt), error, id,
				worker) == 1;
	}

	/**
	 * Gives a claim back unused, as it was: due at once, no attempt counted, for any worker to
	 * take.
	 */
	boolean release(UUID id, String worker) {
		return this.jdbc.update("""
				update mail_outbox set status = 'PENDING', claimed_by = null, claimed_until = null,
				    version = version + 1
				where id = ? and status = 'SENDING' and claimed_by = ?""", id, worker) == 1;
	}

	/** Gives a claimed mail up and forgets its bodies. */
	boolean markDead(UUID id, String worker, int attempts, String error) {
		return this.jdbc.update("""
				update mail_outbox set status = 'DEAD', attempts = ?, last_error = ?, text_body = null,
				    html_body = null, claimed_by = null, claimed_until = null, version = version + 1
				where id = ? and status = 'SENDING' and claimed_by = ?""", attempts, error, id, worker) == 1;
	}

	private static QueuedMail queuedMail(ResultSet row, int rowNumber) throws SQLException {
		String text = row.getString("text_body");
		OutgoingMail mail = new OutgoingMail(row.getString("recipient"), row.getString("subject"),
				(text != null) ? text : "", row.getString("html_body"));
		return new QueuedMail(row.getObject("id", UUID.class), mail, row.getInt("attempts"),
				row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private static @Nullable OffsetDateTime at(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
