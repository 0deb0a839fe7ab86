package org.bkv.ejb.application;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.RequiresPermission;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.SessionGrantRepository;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;

/**
 * Records as the console sees them: looked up by identifier (turned into its HMAC id at once; the identifier is
 * never stored or logged), shown without secrets, deleted by an administrator with a reason. There is deliberately
 * no way to unlock a locked record.
 */
@Stateless
public class ConsoleRecordService {

    @EJB
    private VaultKeys keys;

    @EJB
    private VaultRecordRepository records;

    @EJB
    private SessionGrantRepository sessions;

    @EJB
    private AuditLog audit;

    @Resource
    private SessionContext caller;

    private final Clock clock = Clock.systemUTC();

    @RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER})
    @RequiresPermission(Permission.LOOK_UP_RECORD)
    public Optional<RecordSummary> lookUp(String identifier) throws ConsoleInputException {
        return records.find(recordId(identifier)).map(ConsoleRecordService::summary);
    }

    /**
     * Deletes a record (by the id {@link #lookUp} returned) that is not already deleted: key material overwritten, sessions revoked, audited with the reason.
     */
    @RolesAllowed(ConsoleRole.ADMIN)
    @RequiresPermission(Permission.DELETE_RECORD)
    public RecordSummary delete(String recordId, String reason) throws ConsoleInputException {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 3 || why.length() > 200) {
            throw new ConsoleInputException("reason", "say why in 3 to 200 characters");
        }
        RecordId id;
        try {
            id = new RecordId(recordId == null ? "" : recordId);
        } catch (IllegalArgumentException e) {
            throw new ConsoleInputException("identifier", "look the record up first");
        }
        VaultRecord record = records.findForUpdate(id).filter(VaultRecord::exists)
                .orElseThrow(() -> new ConsoleInputException("identifier", "no record to delete (already deleted?)"));
        Instant now = clock.instant();
        record.delete(now);
        sessions.removeForRecord(id);
        audit.record(new AuditEvent(AuditEventType.RECORD_DELETED, now, Optional.of(id.prefix()),
                caller.getCallerPrincipal().getName(), "deleted from the console: " + why));
        return summary(record);
    }

    private RecordId recordId(String identifier) throws ConsoleInputException {
        try {
            return keys.recordId(Identifier.of(identifier));
        } catch (InvalidRequestException e) {
            throw new ConsoleInputException("identifier", e.getMessage());
        }
    }

    private static RecordSummary summary(VaultRecord r) {
        return new RecordSummary(r.id().value(), r.id().prefix(), r.suite().wireName(), r.state(), r.attempts(), r.maxAttempts(),
                r.version(), r.createdAt(), r.updatedAt());
    }
}
