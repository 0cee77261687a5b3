package dev.passwordreset;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The single use of a one-time code or a reset link, and its claim (V16): each state
 * change one conditional update whose affected-row count decides, so that instances
 * sharing the database agree. Written once for both tables, which differ only in what
 * makes a row live; statements run in the caller's transaction.
 * <p>
 * A use that must first write a password to a directory claims the row instead of
 * spending it, because no transaction may span that network call: the claim keeps every
 * other use out until it is spent for good or given back, and lapses at
 * {@code claimed_until} if its instance stopped in between.
 */
public final class SingleUseRows {

	private final JdbcTemplate jdbc;

	private final String consume;

	private final String claim;

	private final String consumeClaimed;

	private final String release;

	private final String expired;

	private final String deleteExpired;

	public SingleUseRows(JdbcTemplate jdbc, Table table) {
		this.jdbc = jdbc;
		// The table and its condition are constants of Table, never input.
		String live = "consumed_at is null and invalidated_at is null and expires_at > ?" + table.liveAlso;
		String unclaimed = "(claimed_until is null or claimed_until <= ?)";
		this.consume = "update " + table.name + " set consumed_at = ? where id = ? and " + live + " and " + unclaimed;
		this.claim = "update " + table.name + " set claim_id = ?, claimed_until = ? where id = ? and " + live + " and "
				+ unclaimed;
		this.consumeClaimed = "update " + table.name + " set consumed_at = ?, claim_id = null, claimed_until = null"
				+ " where id = ? and claim_id = ? and consumed_at is null";
		this.release = "update " + table.name
				+ " set claim_id = null, claimed_until = null where id = ? and claim_id = ?";
		// Every row expires, spent or not, and no use or claim is taken after the expiry;
		// only a claim taken before it may still be running.
		String expiredBefore = "expires_at < ? and (claimed_until is null or claimed_until < ?)";
		this.expired = "select id from " + table.name + " where " + expiredBefore + " fetch first ? rows only";
		this.deleteExpired = "delete from " + table.name + " where id = any(?) and " + expiredBefore;
	}

	/**
	 * Spends a row if it is still live at {@code now} and nobody's claim on it is
	 * running. Of concurrent calls for one row exactly one returns true.
	 */
	public boolean consume(UUID id, Instant now) {
		return this.jdbc.update(this.consume, at(now), id, at(now), at(now)) == 1;
	}

	/**
	 * Claims a live row until {@code until}. Of concurrent calls exactly one returns
	 * true, and none while another's claim runs; a claim that lapsed can be taken again.
	 */
	public boolean claim(UUID id, UUID claim, Instant now, Instant until) {
		return this.jdbc.update(this.claim, claim, at(until), id, at(now), at(now)) == 1;
	}

	/**
	 * Spends a row this claim holds, for good: the directory took the password, so
	 * neither an expiry nor an invalidation meanwhile stops it, since the password has
	 * changed either way; only a claim that lapsed and was taken by another does.
	 */
	public boolean consumeClaimed(UUID id, UUID claim, Instant now) {
		return this.jdbc.update(this.consumeClaimed, at(now), id, claim) == 1;
	}

	/** Gives a claim back: the row is usable again, as if it had never been tried. */
	public void release(UUID id, UUID claim) {
		this.jdbc.update(this.release, id, claim);
	}

	/**
	 * Deletes at most {@code limit} rows that expired before {@code cutoff} and that no
	 * claim holds, so that the table keeps only what its retention asks for. A row that
	 * expired can never be used or claimed again, so concurrent calls are harmless.
	 * @return how many rows were deleted
	 */
	public int deleteExpiredBefore(Instant cutoff, int limit) {
		// The rows first, then the delete by key: one plan on H2 and PostgreSQL alike,
		// neither of which has a delete with a row limit of its own.
		List<UUID> ids = this.jdbc.queryForList(this.expired, UUID.class, at(cutoff), at(cutoff), limit);
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.update(this.deleteExpired, ids.toArray(new UUID[0]), at(cutoff), at(cutoff));
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * The tables of single-use rows, each with what besides being neither spent,
	 * invalidated nor expired keeps a row live.
	 */
	public enum Table {

		/** One-time codes ({@code otp}), which also die of too many wrong guesses. */
		ONE_TIME_CODE("one_time_code", " and attempts < max_attempts"),

		/** Emailed reset links ({@code reset}). */
		RESET_TOKEN("reset_token", "");

		private final String name;

		private final String liveAlso;

		Table(String name, String liveAlso) {
			this.name = name;
			this.liveAlso = liveAlso;
		}

	}

}
