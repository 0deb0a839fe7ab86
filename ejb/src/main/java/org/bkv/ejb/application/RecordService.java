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
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.SessionGrantRepository;
import org.bkv.ejb.domain.vault.SessionRequiredException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;

/** What an owner can do to a record besides recovering it: delete it (DESIGN §4.2 step 3). */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RecordService {

    @EJB
    private VaultKeys keys;

    @EJB
    private VaultRecordRepository records;

    @EJB
    private SessionGrantRepository sessions;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    /**
     * Deletes the record: key material overwritten, the row kept as a DELETED tombstone. Needs a live session token
     * of the record (or, with client authentication JWT, the owner's identity token). An unknown identifier is refused
     * exactly like a wrong token, so deletion does not tell registered identifiers apart.
     */
    public void delete(String identifier, Authorization auth) throws VaultException {
        Identifier id = Identifier.of(identifier);
        PolicySettings policy = policies.current().settings();
        ClientAuthentication.require(policy, id, auth);
        RecordId recordId = keys.recordId(id);
        Instant now = clock.instant();
        Optional<VaultRecord> record = records.findForUpdate(recordId).filter(VaultRecord::exists);
        if (record.isEmpty() || !ClientAuthentication.ownsRecord(policy, auth, sessions, recordId, record.get().version(), now)) {
            audit.record(AuditEvent.of(AuditEventType.DELETE_REFUSED, now, recordId.prefix(), "no session token of this record"));
            throw new SessionRequiredException("deleting a record needs a session token from its recovery");
        }
        record.get().delete(now);
        sessions.removeForRecord(recordId);
        audit.record(AuditEvent.of(AuditEventType.RECORD_DELETED, now, recordId.prefix(), "key material overwritten"));
    }
}
