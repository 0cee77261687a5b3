package dev.passwordreset.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which events to read, newest first. Every filter is optional.
 *
 * @param type only events of this type
 * @param accountId only events of this account
 * @param from only events at or after this instant
 * @param to only events before this instant
 * @param limit at most this many events, 1 to {@value #MAX_LIMIT}
 * @param marker the {@link AuditPage#nextMarker()} of the previous page, or {@code null}
 * for the first page
 */
public record AuditQuery(@Nullable AuditEventType type, @Nullable String accountId, @Nullable Instant from,
		@Nullable Instant to, int limit, @Nullable String marker) {

	public static final int MAX_LIMIT = 100;

	public AuditQuery {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidAuditQueryException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		if (accountId != null && !AuditEvent.ACCOUNT_ID.matcher(accountId).matches()) {
			throw new InvalidAuditQueryException("account_id", "is not an account id");
		}
		if (from != null && to != null && from.isAfter(to)) {
			throw new InvalidAuditQueryException("from", "must not be later than to");
		}
	}

	/** The newest events of every type, a page at most {@value #MAX_LIMIT} long. */
	public static AuditQuery newest() {
		return new AuditQuery(null, null, null, null, MAX_LIMIT, null);
	}

}
