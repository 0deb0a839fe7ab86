package org.bkv.ejb.domain.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Reading recent audit events for the console dashboard. The audit storage is being replaced (Merkle log): this one
 * interface, and its one implementation, are all that must follow.
 */
public interface AuditEventQuery {

    /** Events of these types at or after {@code since}, newest first, at most {@code max}. */
    List<AuditEvent> recent(Set<AuditEventType> types, Instant since, int max);
}
