package dev.passwordreset.audit;

import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * Reads events by specification. {@link AuditLog} inserts them with plain JDBC and offers
 * no way to change or delete one.
 */
interface AuditEventRepository extends Repository<AuditEventRow, Long>, JpaSpecificationExecutor<AuditEventRow> {

}
