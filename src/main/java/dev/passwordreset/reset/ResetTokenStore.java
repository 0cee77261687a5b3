package dev.passwordreset.reset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.CommitBatch;
import dev.passwordreset.SingleUseRows;
import dev.passwordreset.retention.ExpiredRows;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code reset_token} table, in plain SQL, so that single use is visibly one
 * conditional update. Statements run in the caller's transaction.
 */
@Repository
class ResetTokenStore implements ExpiredRows {

	static final String PURPOSE_PASSWORD_RESET = "PASSWORD_RESET";

	private final JdbcTemplate jdbc;

	private final SingleUseRows singleUse;

	private final CommitBatch atCommit;

	ResetTokenStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.atCommit = new CommitBatch(jdbc);
		this.singleUse = new SingleUseRows(jdbc, SingleUseRows.Table.RESET_TOKEN);
	}

	/**
	 * Stores a new token, sent with the transaction's commit (see {@link CommitBatch}).
	 */
	void insert(UUID id, String tokenHash, UUID userId, String identityStoreId, Instant now, Instant expiresAt) {
		this.atCommit.add("""
				insert into reset_token (id, token_hash, user_id, identity_store_id, purpose, created_at, expires_at)
				values (?, ?, ?, ?, ?, ?, ?)""", id, tokenHash, userId, identityStoreId, PURPOSE_PASSWORD_RESET,
				at(now), at(expiresAt));
	}

	/**
	 * Invalidates every token of the user that is neither used nor invalidated yet, with
	 * the transaction's commit (see {@link CommitBatch}).
	 */
	void invalidateAll(UUID userId, Instant now) {
		this.atCommit.add("""
				update reset_token set invalidated_at = ?
				where user_id = ? and consumed_at is null and invalidated_at is null""", at(now), userId);
	}

	Optional<ResetToken> findByHash(String tokenHash) {
		return this.jdbc.query("""
				select id, user_id, identity_store_id, purpose, expires_at, consumed_at, invalidated_at
				from reset_token where token_hash = ?""", ResetTokenStore::token, tokenHash).stream().findFirst();
	}

	/**
	 * Consumes a token if it is still usable at {@code now} and nobody's claim on it is
	 * running (see {@link SingleUseRows#consume}).
	 */
	boolean consume(UUID id, Instant now) {
		return this.singleUse.consume(id, now);
	}

	/**
	 * Claims a usable token until {@code until}, for a change that must first write the
	 * password to a directory (see {@link SingleUseRows#claim}).
	 */
	boolean claim(UUID id, UUID claim, Instant now, Instant until) {
		return this.singleUse.claim(id, claim, now, until);
	}

	/**
	 * Spends a token this claim holds, for good (see
	 * {@link SingleUseRows#consumeClaimed}).
	 */
	boolean consumeClaimed(UUID id, UUID claim, Instant now) {
		return this.singleUse.consumeClaimed(id, claim, now);
	}

	/** Gives a claim back: the token is usable again, as if it had never been tried. */
	void release(UUID id, UUID claim) {
		this.singleUse.release(id, claim);
	}

	@Override
	public String table() {
		return "reset_token";
	}

	/**
	 * Deletes tokens that expired before {@code cutoff}, used or not (see
	 * {@link SingleUseRows#deleteExpiredBefore}).
	 */
	@Override
	public int deleteUnusableBefore(Instant cutoff, int limit) {
		return this.singleUse.deleteExpiredBefore(cutoff, limit);
	}

	private static ResetToken token(ResultSet row, int n) throws SQLException {
		return new ResetToken(row.getObject("id", UUID.class), row.getObject("user_id", UUID.class),
				row.getString("identity_store_id"), row.getString("purpose"), instant(row, "expires_at"),
				nullableInstant(row, "consumed_at"), nullableInstant(row, "invalidated_at"));
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

	/** A stored token: never the token itself, which only its link carries. */
	record ResetToken(UUID id, UUID userId, String identityStoreId, String purpose, Instant expiresAt,
			@Nullable Instant consumedAt, @Nullable Instant invalidatedAt) {

		boolean isUsableAt(Instant now) {
			return this.consumedAt == null && this.invalidatedAt == null && this.expiresAt.isAfter(now)
					&& PURPOSE_PASSWORD_RESET.equals(this.purpose);
		}

	}

}
