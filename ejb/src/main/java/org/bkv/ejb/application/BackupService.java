package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.backup.BackupConflictException;
import org.bkv.ejb.domain.backup.BackupExistsException;
import org.bkv.ejb.domain.backup.BackupId;
import org.bkv.ejb.domain.backup.BackupSlot;
import org.bkv.ejb.domain.backup.BackupSlotRepository;
import org.bkv.ejb.domain.backup.BackupTokenInvalidException;
import org.bkv.ejb.domain.backup.StoredCopy;
import org.bkv.ejb.domain.backup.UnknownBackupException;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.InvalidEncodingException;

/**
 * The backup blob store's bookkeeping (DESIGN §4.3): slots, who may use them, which copy is current, and the audit
 * trail of each. The bytes themselves stream through the API into the blob store; this service decides and records.
 * Each method is its own transaction with its audit event (fail closed).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class BackupService {

    /** A slot as the API reports it. */
    public record SlotOpened(BackupSlot slot, boolean created, long maxBytes) {
    }

    /** The copy that became current, and from which generation older copies may be deleted. */
    public record Stored(StoredCopy copy, long keepFrom) {
    }

    @EJB
    private BackupSlotRepository slots;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    /** Creates the slot for this token, or confirms it when it already belongs to the same token. */
    public SlotOpened open(String backupId, String token) throws VaultException {
        BackupId id = BackupId.parse(backupId);
        String tokenHash = tokenHash(token);
        Instant now = clock.instant();
        long maxBytes = settings().maxBackupBytes();
        if (slots.create(id, tokenHash, now)) {
            audit.record(AuditEvent.of(AuditEventType.BACKUP_SLOT_CREATED, now, id.prefix(), "backup slot created"));
            return new SlotOpened(slots.find(id).orElseThrow(), true, maxBytes);
        }
        BackupSlot slot = slots.find(id).orElseThrow(() -> new BackupConflictException("the slot was deleted meanwhile; try again"));
        if (!slot.authorises(tokenHash)) {
            throw new BackupExistsException();
        }
        return new SlotOpened(slot, false, maxBytes);
    }

    /** The slot, when the token opens it. A wrong token is audited (and refused with 401). */
    public BackupSlot authorise(String backupId, String token) throws VaultException {
        BackupId id = BackupId.parse(backupId);
        String tokenHash = tokenHash(token);
        BackupSlot slot = slots.find(id).orElseThrow(() -> UnknownBackupException.noSlot());
        if (!slot.authorises(tokenHash)) {
            audit.record(AuditEvent.of(AuditEventType.BACKUP_REFUSED, clock.instant(), id.prefix(), "wrong storage token"));
            throw new BackupTokenInvalidException();
        }
        return slot;
    }

    /** The largest backup the policy accepts. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long maxBytes() {
        return settings().maxBackupBytes();
    }

    /**
     * Makes the promoted copy current. It must follow the generation the caller saw ({@code copy.generation() - 1});
     * if another writer got there first the call fails with 409 and the caller removes its copy.
     */
    public Stored stored(String backupId, String token, StoredCopy copy) throws VaultException {
        BackupSlot slot = authorise(backupId, token);
        if (!slots.advance(slot.id(), copy)) {
            throw new BackupConflictException("another upload to this backup finished first; upload again");
        }
        audit.record(AuditEvent.of(AuditEventType.BACKUP_STORED, copy.storedAt(), slot.id().prefix(),
                "copy " + copy.generation() + " stored, " + copy.length() + " bytes"));
        long keepFrom = copy.generation() - settings().backupRetention() + 1;
        return new Stored(copy, keepFrom);
    }

    /** Records that the current copy is being read (audited), and returns it. */
    public StoredCopy read(String backupId, String token) throws VaultException {
        BackupSlot slot = authorise(backupId, token);
        StoredCopy copy = slot.current().orElseThrow(UnknownBackupException::noCopy);
        audit.record(AuditEvent.of(AuditEventType.BACKUP_READ, clock.instant(), slot.id().prefix(),
                "copy " + copy.generation() + " read"));
        return copy;
    }

    /** Removes the slot (its files are removed by the caller after this commits). */
    public BackupId delete(String backupId, String token) throws VaultException {
        BackupSlot slot = authorise(backupId, token);
        slots.findForUpdate(slot.id());
        if (!slots.delete(slot.id())) {
            throw UnknownBackupException.noSlot();
        }
        audit.record(AuditEvent.of(AuditEventType.BACKUP_DELETED, clock.instant(), slot.id().prefix(), "backup slot deleted"));
        return slot.id();
    }

    private PolicySettings settings() {
        return policies.current().settings();
    }

    /** base64url(SHA-256(token bytes)); the token must be 32 bytes of base64url (the client's HKDF output). */
    static String tokenHash(String token) throws InvalidRequestException {
        byte[] bytes;
        try {
            bytes = token == null ? new byte[0] : Base64Url.decode(token);
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("the storage token must be base64url");
        }
        if (bytes.length != 32) {
            throw new InvalidRequestException("the storage token must be 32 bytes (43 base64url characters)");
        }
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

}
