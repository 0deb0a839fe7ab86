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
import org.bkv.ejb.domain.policy.ClientAuth;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.ClientNotAuthenticatedException;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.InvalidEncodingException;

/**
 * The backup blob store's bookkeeping (DESIGN §4.3): slots, who may use them, which copy is current, and the audit
 * trail of each. The bytes themselves stream through the API into the blob store; this service decides and records.
 * Each method is its own transaction with its audit event (fail closed).
 *
 * <p>Under client authentication JWT every call also needs a verified identity token ({@code caller}); a slot created
 * that way is bound to its creator (the record id of the token's subject) and refuses other subjects like a wrong
 * storage token. Slots created without a token (clientAuth OPEN) are bound to nobody.
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

    @EJB
    private VaultKeys keys;

    private final Clock clock = Clock.systemUTC();

    /** Creates the slot for this token, or confirms it when it already belongs to the same token (and owner). */
    public SlotOpened open(String backupId, String token, Authorization caller) throws VaultException {
        BackupId id = BackupId.parse(backupId);
        String tokenHash = tokenHash(token);
        PolicySettings policy = settings();
        String owner = owner(policy, caller);
        Instant now = clock.instant();
        if (slots.create(id, tokenHash, owner, now)) {
            audit.record(AuditEvent.of(AuditEventType.BACKUP_SLOT_CREATED, now, id.prefix(),
                    owner == null ? "backup slot created" : "backup slot created for client " + owner.substring(0, 8)));
            return new SlotOpened(slots.find(id).orElseThrow(), true, policy.maxBackupBytes());
        }
        BackupSlot slot = slots.find(id).orElseThrow(() -> new BackupConflictException("the slot was deleted meanwhile; try again"));
        if (!slot.authorises(tokenHash) || !slot.admitsOwner(owner)) {
            throw new BackupExistsException();
        }
        return new SlotOpened(slot, false, policy.maxBackupBytes());
    }

    /**
     * The slot, when the token (and, under client authentication JWT, the caller's identity) opens it. A wrong token
     * or another client is audited and refused with 401 {@code backup-token-invalid}.
     */
    public BackupSlot authorise(String backupId, String token, Authorization caller) throws VaultException {
        BackupId id = BackupId.parse(backupId);
        String tokenHash = tokenHash(token);
        String owner = owner(settings(), caller);
        BackupSlot slot = slots.find(id).orElseThrow(() -> UnknownBackupException.noSlot());
        boolean tokenOk = slot.authorises(tokenHash);
        if (!tokenOk || !slot.admitsOwner(owner)) {
            audit.record(AuditEvent.of(AuditEventType.BACKUP_REFUSED, clock.instant(), id.prefix(),
                    tokenOk ? "slot belongs to another client" : "wrong storage token"));
            throw new BackupTokenInvalidException();
        }
        return slot;
    }

    /**
     * Under client authentication JWT: the record id of the verified subject (401 without one); otherwise null, and
     * a token given anyway is not used.
     */
    private String owner(PolicySettings policy, Authorization caller) throws VaultException {
        if (policy.clientAuth() != ClientAuth.JWT) {
            return null;
        }
        String subject = caller.jwtSubject().orElseThrow(() -> new ClientNotAuthenticatedException(
                "client authentication is on: backup calls need an identity token as well as the storage token"));
        Identifier identifier;
        try {
            identifier = Identifier.of(subject);
        } catch (InvalidRequestException e) {
            throw new ClientNotAuthenticatedException("the identity token's subject is not a valid identifier");
        }
        return keys.recordId(identifier).value();
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
    public Stored stored(String backupId, String token, Authorization caller, StoredCopy copy) throws VaultException {
        BackupSlot slot = authorise(backupId, token, caller);
        if (!slots.advance(slot.id(), copy)) {
            throw new BackupConflictException("another upload to this backup finished first; upload again");
        }
        audit.record(AuditEvent.of(AuditEventType.BACKUP_STORED, copy.storedAt(), slot.id().prefix(),
                "copy " + copy.generation() + " stored, " + copy.length() + " bytes"));
        long keepFrom = copy.generation() - settings().backupRetention() + 1;
        return new Stored(copy, keepFrom);
    }

    /** Records that the current copy is being read (audited), and returns it. */
    public StoredCopy read(String backupId, String token, Authorization caller) throws VaultException {
        BackupSlot slot = authorise(backupId, token, caller);
        StoredCopy copy = slot.current().orElseThrow(UnknownBackupException::noCopy);
        audit.record(AuditEvent.of(AuditEventType.BACKUP_READ, clock.instant(), slot.id().prefix(),
                "copy " + copy.generation() + " read"));
        return copy;
    }

    /** Removes the slot (its files are removed by the caller after this commits). */
    public BackupId delete(String backupId, String token, Authorization caller) throws VaultException {
        BackupSlot slot = authorise(backupId, token, caller);
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
