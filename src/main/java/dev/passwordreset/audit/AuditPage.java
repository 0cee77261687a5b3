package dev.passwordreset.audit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a query, newest first.
 *
 * @param entries the events of this page
 * @param nextMarker what to pass as {@link AuditQuery#marker()} for the next page;
 * {@code null} on the last page
 */
public record AuditPage(List<AuditEntry> entries, @Nullable String nextMarker) {

	public AuditPage {
		entries = List.copyOf(entries);
	}

}
