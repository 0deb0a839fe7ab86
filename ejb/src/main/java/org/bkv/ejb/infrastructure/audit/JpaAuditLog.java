package org.bkv.ejb.infrastructure.audit;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.util.UUID;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditLog;

/**
 * Writes each event as a row of {@code audit_event} in the caller's transaction (MANDATORY: an event outside a
 * transaction would be a bug). If the insert fails the exception rolls the operation back: no event, no operation.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class JpaAuditLog implements AuditLog {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    public JpaAuditLog() {
        // for the container
    }

    /** Outside a container (tests with a RESOURCE_LOCAL persistence unit). */
    public JpaAuditLog(EntityManager em) {
        this.em = em;
    }

    @Override
    public void record(AuditEvent event) {
        em.createNativeQuery("INSERT INTO audit_event (id, occurred_at, event_type, subject, actor, detail)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, UUID.randomUUID().toString())
                .setParameter(2, Timestamp.from(event.at()))
                .setParameter(3, event.type().name())
                .setParameter(4, event.subject().orElse(""))
                .setParameter(5, event.actor())
                .setParameter(6, event.detail())
                .executeUpdate();
    }
}
