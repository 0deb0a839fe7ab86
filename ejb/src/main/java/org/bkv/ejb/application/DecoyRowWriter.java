package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;

/**
 * Creates one decoy row and audits it, in one transaction of its own ({@link DecoyRowKeeper} decides when). The row
 * is inserted only if absent: a node that loses the race to another writes nothing and audits nothing. The event has
 * no subject (a decoy is no record) and names the decoy by suite and bucket only, never by its id.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DecoyRowWriter {

    @EJB
    private VaultKeys keys;

    @EJB
    private VaultRecordRepository records;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    /** Why a decoy is being created: the event it is audited with. */
    public enum Reason {
        /** At start-up: the first start creates them all; a later one creates those deleted while it was stopped. */
        START_UP(AuditEventType.DECOY_ROW_CREATED, "created at start-up"),
        /** A login needed it and found it missing: deleted outside the appliance while it ran. */
        FOUND_MISSING(AuditEventType.DECOY_ROW_MISSING, "was missing (deleted outside the appliance?); created again");

        private final AuditEventType type;
        private final String detail;

        Reason(AuditEventType type, String detail) {
            this.type = type;
            this.detail = detail;
        }
    }

    /** Inserts the decoy if its row is missing; returns whether this call inserted (and audited) it. */
    public boolean createIfAbsent(DecoyId decoy, Reason reason) {
        Instant now = clock.instant();
        if (!records.addDecoyIfAbsent(VaultRecord.decoy(decoy, keys.decoyMaterial(decoy), now))) {
            return false;
        }
        audit.record(new AuditEvent(reason.type, now, Optional.empty(), AuditEvent.APPLIANCE,
                "decoy row " + decoy.suite().wireName() + " #" + decoy.bucket() + " " + reason.detail));
        return true;
    }
}
