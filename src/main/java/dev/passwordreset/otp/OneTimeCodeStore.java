package dev.passwordreset.otp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.CommitBatch;
import dev.passwordreset.SingleUseRows;
import dev.passwordreset.retention.ExpiredRows;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code one_time_code} table, in plain SQL, so that every state change is visibly
 * one conditional update whose affected-row count decides. Statements run in the caller's
 * transaction.
 */
@Repository
class OneTimeCodeStore implements ExpiredRows {

	private final JdbcTemplate jdbc;

	private final SingleUseRows singleUse;

	private final CommitBatch atCommit;

	OneTimeCodeStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.atCommit = new CommitBatch(jdbc);
		this.singleUse = new SingleUseRows(jdbc, SingleUseRows.Table.ONE_TIME_CODE);
	}

	void insert(UUID id, String correlationId, String codeHmac, UUID userId, String identityStoreId, String appName,
			@Nullable String sessionId, Instant now, Instant expiresAt, int maxAttempts) {
		this.atCommit.add("""
				insert into one_time_code (id, correlation_id, code_hmac, user_id, identity_store_id, app_name,
				  session_id, created_at, expires_at, attempts, max_attempts)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""", id, correlationId, codeHmac, userId, identityStoreId,
				appName, sessionId, at(now), at(expiresAt), maxAttempts);
	}

	/**
	 * Invalidates the user's live codes for one application: a new code replaces them.
	 */
	void invalidate(UUID userId, String appName, Instant now) {
		this.atCommit.add("""
				update one_time_code set invalidated_at = ?
				where user_id = ? and app_name = ? and consumed_at is null and invalidated_at is null""", at(now),
				userId, appName);
	}

	/** Invalidates every live code of the user: a password change ends them all. */
	void invalidateAll(UUID userId, Instant now) {
		this.atCommit.add("""
				update one_time_code set invalidated_at = ?
				where user_id = ? and consumed_at is null and invalidated_at is null""", at(now), userId);
	}

	Optional<StoredCode> findByCorrelationId(String correlationId) {
		return this.jdbc.query("""
				select id, code_hmac, user_id, identity_store_id, app_name, session_id, expires_at, attempts,
				  max_attempts, verified_at, consumed_at, invalidated_at
				from one_time_code where correlation_id = ?""", OneTimeCodeStore::code, correlationId)
			.stream()
			.findFirst();
	}

	/**
	 * Counts a wrong guess; atomic, so concurrent guesses on any instance are each
	 * counted once.
	 */
	void countWrongGuess(UUID id) {
		this.jdbc.update("update one_time_code set attempts = attempts + 1 where id = ?", id);
	}

	/**
	 * Marks a code verified if it is still live and not yet verified. Of concurrent calls
	 * exactly one returns true.
	 */
	boolean markVerified(UUID id, Instant now) {
		return this.jdbc.update("""
				update one_time_code set verified_at = ?
				where id = ? and verified_at is null and consumed_at is null and invalidated_at is null
				  and expires_at > ? and attempts < max_attempts""", at(now), id, at(now)) == 1;
	}

	/**
	 * Spends a code if it is still live, verified or not, and nobody's claim on it is
	 * running (see {@link SingleUseRows#consume}).
	 */
	boolean consume(UUID id, Instant now) {
		return this.singleUse.consume(id, now);
	}

	/**
	 * Claims a live code until {@code until}, for a reset that must first write the
	 * password to a directory (see {@link SingleUseRows#claim}).
	 */
	boolean claim(UUID id, UUID claim, Instant now, Instant until) {
		return this.singleUse.claim(id, claim, now, until);
	}

	/**
	 * Spends a code this claim holds, for good (see
	 * {@link SingleUseRows#consumeClaimed}).
	 */
	boolean consumeClaimed(UUID id, UUID claim, Instant now) {
		return this.singleUse.consumeClaimed(id, claim, now);
	}

	/** Gives a claim back: the code is usable again. */
	void release(UUID id, UUID claim) {
		this.singleUse.release(id, claim);
	}

	@Override
	public String table() {
		return "one_time_code";
	}

	/**
	 * Deletes codes that expired before {@code cutoff}, used or not (see
	 * {@link SingleUseRows#deleteExpiredBefore}).
	 */
	@Override
	public int deleteUnusableBefore(Instant cutoff, int limit) {
		return this.singleUse.deleteExpiredBefore(cutoff, limit);
	}

	private static StoredCode code(ResultSet row, int n) throws SQLException {
		return new StoredCode(row.getObject("id", UUID.class), row.getString("code_hmac"),
				row.getObject("user_id", UUID.class), row.getString("identity_store_id"), row.getString("app_name"),
				row.getString("session_id"), instant(row, "expires_at"), row.getInt("attempts"),
				row.getInt("max_attempts"), nullableInstant(row, "verified_at"), nullableInstant(row, "consumed_at"),
				nullableInstant(row, "invalidated_at"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static @Nullable Instant nullableInstant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/** A stored code: its HMAC, never the code. */
	record StoredCode(UUID id, String codeHmac, UUID userId, String identityStoreId, String appName,
			@Nullable String sessionId, Instant expiresAt, int attempts, int maxAttempts, @Nullable Instant verifiedAt,
			@Nullable Instant consumedAt, @Nullable Instant invalidatedAt) {

		boolean isBoundTo(CodeBinding binding) {
			return this.userId.equals(binding.userId()) && this.appName.equals(binding.appName())
					&& (this.sessionId == null || this.sessionId.equals(binding.sessionId()));
		}

		/** Why the code cannot be used at {@code now}, if it cannot. */
		Optional<CodeRejection> rejectionAt(Instant now) {
			if (this.invalidatedAt != null) {
				return Optional.of(CodeRejection.INVALID);
			}
			if (this.consumedAt != null) {
				return Optional.of(CodeRejection.USED);
			}
			if (!this.expiresAt.isAfter(now)) {
				return Optional.of(CodeRejection.EXPIRED);
			}
			if (this.attempts >= this.maxAttempts) {
				return Optional.of(CodeRejection.ATTEMPTS_EXCEEDED);
			}
			return Optional.empty();
		}

		@Override
		public String toString() {
			return "StoredCode[id=" + this.id + "]";
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof StoredCode code && this.id.equals(code.id);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.id);
		}

	}

}
