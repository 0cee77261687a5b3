package dev.passwordreset.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.passwordreset.CommitBatch;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records audit events and reads them back, newest first.
 */
@Service
public class AuditLog {

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "occurredAt", "id");

	/**
	 * Rows are written with plain JDBC rather than through the entity: every success of
	 * every request adds one, and an insert costs a fraction of a persist (no entity
	 * state, no identity read-back). The entity stays for reading.
	 */
	private static final String INSERT = """
			insert into audit_event (event_type, outcome, occurred_at, account_id, access_key_id, client_address,
			  request_id, action, resource, reason)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final AuditEventRepository events;

	private final TransactionTemplate ownTransaction;

	/** Every insert happens in a transaction; it goes with the commit. */
	private final CommitBatch atCommit;

	AuditLog(AuditEventRepository events, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.events = events;
		this.atCommit = new CommitBatch(jdbc);
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Records an event in a transaction of its own (REQUIRES_NEW), so that it stays
	 * recorded when the caller's transaction rolls back, as it does for a refused change.
	 * Never throws: a failure to record is logged as a warning, naming the event's type
	 * only, and the caller's work goes on. The transaction is begun here rather than by
	 * {@code @Transactional} on this method, because a failure to begin or commit it
	 * would otherwise escape to the caller.
	 */
	public void record(AuditEvent event) {
		try {
			this.ownTransaction.executeWithoutResult((status) -> insert(event));
		}
		catch (RuntimeException ex) {
			// Not the exception's message: a database's message can quote the values it
			// refused.
			logger.warn("Could not record an audit event of type {}: {}", event.type(), ex.getClass().getName());
		}
	}

	/**
	 * Records an event in the caller's transaction (MANDATORY), for a success: the event
	 * commits or rolls back with the change it records, and needs no connection of its
	 * own. Unlike {@link #record}, a failure to record is the caller's failure.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordInTransaction(AuditEvent event) {
		insert(event);
	}

	private void insert(AuditEvent event) {
		// Both databases keep microseconds; truncating here makes a page marker match the
		// stored value.
		this.atCommit.add(INSERT, event.type().name(), event.outcome().name(),
				event.occurredAt().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC), event.accountId(),
				event.accessKeyId(), event.clientAddress(), event.requestId(), event.action(), event.resource(),
				event.reason());
	}

	/**
	 * One page of the events that match the query, newest first by (occurred_at, id).
	 * @throws InvalidAuditQueryException if the marker was not issued by this log
	 */
	@Transactional(readOnly = true)
	public AuditPage find(AuditQuery query) {
		AuditMarker after = (query.marker() != null) ? AuditMarker.decode(query.marker()) : null;
		List<AuditEventRow> rows = this.events.findBy(matching(query, after),
				(found) -> found.sortBy(NEWEST_FIRST).limit(query.limit() + 1).all());
		List<AuditEventRow> shown = rows.subList(0, Math.min(rows.size(), query.limit()));
		String next = (rows.size() > query.limit()) ? shown.get(shown.size() - 1).marker().encode() : null;
		return new AuditPage(shown.stream().map(AuditEventRow::toEntry).toList(), next);
	}

	private static Specification<AuditEventRow> matching(AuditQuery query, @Nullable AuditMarker after) {
		return (row, criteria, builder) -> {
			List<Predicate> predicates = new ArrayList<>();
			Path<Instant> occurredAt = row.get("occurredAt");
			if (query.type() != null) {
				predicates.add(builder.equal(row.get("eventType"), query.type()));
			}
			if (query.accountId() != null) {
				predicates.add(builder.equal(row.get("accountId"), query.accountId()));
			}
			if (query.from() != null) {
				predicates.add(builder.greaterThanOrEqualTo(occurredAt, query.from()));
			}
			if (query.to() != null) {
				predicates.add(builder.lessThan(occurredAt, query.to()));
			}
			if (after != null) {
				Path<Long> id = row.get("id");
				predicates.add(builder.or(builder.lessThan(occurredAt, after.occurredAt()),
						builder.and(builder.equal(occurredAt, after.occurredAt()), builder.lessThan(id, after.id()))));
			}
			return builder.and(predicates.toArray(Predicate[]::new));
		};
	}

}
