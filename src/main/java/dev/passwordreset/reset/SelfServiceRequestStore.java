package dev.passwordreset.reset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.audit.AuditActor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code self_service_request} table, in plain SQL: a claim is one conditional
 * update, and every later change is conditional on the claim still being the worker's.
 * Statements run in the caller's transaction when there is one, and on their own
 * otherwise.
 */
@Repository
class SelfServiceRequestStore {

	private final JdbcTemplate jdbc;

	SelfServiceRequestStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, ForgottenPassword request, AuditActor actor, Instant now) {
		this.jdbc.update("""
				insert into self_service_request (id, identity_store_id, user_name, email, account_id, access_key_id,
				    client_address, request_id, attempts, next_attempt_at, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""", id, request.identityStoreId(), request.userName(),
				request.email(), actor.accountId(), actor.accessKeyId(), actor.clientAddress(), actor.requestId(),
				at(now), at(now));
	}

	/**
	 * Requests not yet processed or given up, whether waiting, claimed or due for a
	 * retry.
	 */
	long count() {
		Long count = this.jdbc.queryForObject("select count(*) from self_service_request", Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * Ids that may be claimed now, oldest due first; claiming decides which really are.
	 */
	List<UUID> findClaimable(Instant now, int limit) {
		return this.jdbc.query("""
				select id from self_service_request
				where next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)
				order by next_attempt_at, id""", (statement) -> {
			statement.setObject(1, at(now));
			statement.setObject(2, at(now));
			statement.setMaxRows(limit);
		}, (row, n) -> row.getObject("id", UUID.class));
	}

	/**
	 * Claims one request for a worker until {@code until}. Atomic: of several workers
	 * racing for the same row, exactly one update counts 1.
	 */
	boolean claim(UUID id, String worker, Instant now, Instant until) {
		return this.jdbc.update("""
				update self_service_request set claimed_by = ?, claimed_until = ?
				where id = ? and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)""", worker,
				at(until), id, at(now), at(now)) == 1;
	}

	Optional<SelfServiceRequest> findClaimed(UUID id, String worker) {
		return this.jdbc
			.query("""
					select id, identity_store_id, user_name, email, account_id, access_key_id, client_address, request_id,
					    attempts, created_at
					from self_service_request where id = ? and claimed_by = ?""",
					SelfServiceRequestStore::request, id, worker)
			.stream()
			.findFirst();
	}

	/**
	 * Deletes a claimed request, with what was typed; false if the claim was lost
	 * meanwhile. In the transaction that queues the request's outcome, it is what makes
	 * the outcome happen once: the row lock it takes makes a worker that took the request
	 * over wait, and then find nothing.
	 */
	boolean delete(UUID id, String worker) {
		return this.jdbc.update("delete from self_service_request where id = ? and claimed_by = ?", id, worker) == 1;
	}

	/** Puts a claimed request back for a later attempt. */
	boolean markRetry(UUID id, String worker, int attempts, Instant nextAttempt, String error) {
		return this.jdbc.update("""
				update self_service_request set attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = null,
				    claimed_until = null
				where id = ? and claimed_by = ?""", attempts, at(nextAttempt), error, id, worker) == 1;
	}

	/**
	 * Gives a claim back unused: due at once, no attempt counted, for any worker to take.
	 */
	boolean release(UUID id, String worker) {
		return this.jdbc.update("""
				update self_service_request set claimed_by = null, claimed_until = null
				where id = ? and claimed_by = ?""", id, worker) == 1;
	}

	private static SelfServiceRequest request(ResultSet row, int rowNumber) throws SQLException {
		ForgottenPassword request = new ForgottenPassword(row.getString("identity_store_id"),
				row.getString("user_name"), row.getString("email"));
		AuditActor actor = new AuditActor(row.getString("account_id"), row.getString("access_key_id"),
				row.getString("client_address"), row.getString("request_id"));
		return new SelfServiceRequest(row.getObject("id", UUID.class), request, actor, row.getInt("attempts"),
				row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
