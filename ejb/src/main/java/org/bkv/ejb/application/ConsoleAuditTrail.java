package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditLog;

/**
 * Records a console read that streams data (an audit export) in a transaction of its own, committed before the first
 * byte leaves: fail closed (no event, no export) without holding a transaction open for the whole download.
 */
@Stateless
public class ConsoleAuditTrail {

    @EJB
    private AuditLog audit;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordNow(AuditEvent event) {
        audit.record(event);
    }
}
