package dev.passwordreset.audit;

import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * The log only inserts ({@link #save}) and queries by specification; {@link AuditLog}
 * offers no way to change or delete an event.
 */
interface AuditEventRepository extends Repository<AuditEventRow, Long>, JpaSpecificationExecutor<AuditEventRow> {

	AuditEventRow save(AuditEventRow event);

}
