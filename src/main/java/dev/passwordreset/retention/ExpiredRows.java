package dev.passwordreset.retention;

import java.time.Instant;

/**
 * A table whose rows can no longer be used after some moment (a code's expiry, a mail's
 * delivery), implemented by the feature that owns the table. The rows must never come
 * back to life: once a row matches, it matches for good, so that instances purging at the
 * same time can only delete it once.
 */
public interface ExpiredRows {

	/** The table, for the log line and the metric. */
	String table();

	/**
	 * Deletes at most {@code limit} rows that were of no use any more before
	 * {@code cutoff}, each statement committing on its own.
	 * @return how many rows were deleted
	 */
	int deleteUnusableBefore(Instant cutoff, int limit);

}
