package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.logging.Logger;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.policy.LockoutAction;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.opaque.Suite;

/**
 * Attempts and lockout (DESIGN §4.2), always inside the caller's transaction so that the counter, the login and
 * their audit events commit together. A record locks once its attempts are used up and every KE2 it handed out has
 * failed or expired; with DESTROY its key material is overwritten in the same statement.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AttemptLimiter {

    private static final Logger LOG = Logger.getLogger(AttemptLimiter.class.getName());

    @EJB
    private VaultRecordRepository records;

    @EJB
    private AuditLog audit;

    /** One attempt, if the record has one left in this suite; false otherwise (nothing changed). */
    public boolean consume(RecordId id, Suite suite, Instant now) {
        return records.consumeAttempt(id, suite, now);
    }

    /** Locks the record now if its attempts are used up and no counted login is open; audited. */
    public boolean lockIfExhausted(RecordId id, PolicySettings policy, Instant now) {
        boolean destroy = policy.lockoutAction() == LockoutAction.DESTROY;
        if (!records.lockIfExhausted(id, destroy, now)) {
            return false;
        }
        audit.record(AuditEvent.of(AuditEventType.RECORD_LOCKED, now, id.prefix(), "attempts used up"));
        if (destroy) {
            audit.record(AuditEvent.of(AuditEventType.RECORD_DESTROYED, now, id.prefix(),
                    "sealed backup key and wrapped OPRF key overwritten"));
        }
        LOG.info(() -> "record " + id.prefix() + "… locked" + (destroy ? " and its key material destroyed" : ""));
        return true;
    }
}
