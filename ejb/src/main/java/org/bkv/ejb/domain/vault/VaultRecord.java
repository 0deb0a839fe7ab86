package org.bkv.ejb.domain.vault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/**
 * A record: one identifier's OPAQUE credential and sealed backup key. The attempt counter is changed only by
 * the repository's single-row atomic updates, never through this object. {@code version} changes when the
 * record is registered again (replaced or re-created); every seal of the record binds it as AAD.
 */
@Entity
@Table(name = "vault_record")
public class VaultRecord {

    @Id
    private String id;

    @Column(nullable = false)
    private String suite;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RecordState state;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    /** P-256: the OPRF key wrapped by the HSM (CKM_AES_KEY_WRAP_PAD); ristretto255: the scalar sealed by the KEK. */
    @Column(name = "wrapped_oprf_key")
    private byte[] wrappedOprfKey;

    @Column(name = "oprf_public_key")
    private byte[] oprfPublicKey;

    /** The RFC 9807 registration record, sealed by the KEK. */
    @Column(name = "sealed_record")
    private byte[] sealedRecord;

    /** The client's sealed backup key (opaque to the server), sealed again by the KEK. */
    @Column(name = "sealed_backup_key")
    private byte[] sealedBackupKey;

    @Column(nullable = false)
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected VaultRecord() {
        // for JPA
    }

    public VaultRecord(RecordId id, Suite suite, long version, int maxAttempts, byte[] wrappedOprfKey,
                       byte[] oprfPublicKey, byte[] sealedRecord, byte[] sealedBackupKey, Instant now) {
        this.id = id.value();
        this.createdAt = now;
        register(suite, version, maxAttempts, wrappedOprfKey, oprfPublicKey, sealedRecord, sealedBackupKey, now);
    }

    /** Registration over an existing row (replacement, or a deleted record coming back): a new version. */
    public final void register(Suite newSuite, long newVersion, int newMaxAttempts, byte[] newWrappedOprfKey,
                               byte[] newOprfPublicKey, byte[] newSealedRecord, byte[] newSealedBackupKey, Instant now) {
        this.suite = newSuite.wireName();
        this.version = newVersion;
        this.state = RecordState.ACTIVE;
        this.attempts = 0;
        this.maxAttempts = newMaxAttempts;
        this.wrappedOprfKey = newWrappedOprfKey.clone();
        this.oprfPublicKey = newOprfPublicKey.clone();
        this.sealedRecord = newSealedRecord.clone();
        this.sealedBackupKey = newSealedBackupKey.clone();
        this.updatedAt = now;
    }

    /** Deleted by its owner: key material and credential overwritten, the row kept as a tombstone. */
    public void delete(Instant now) {
        this.state = RecordState.DELETED;
        this.wrappedOprfKey = null;
        this.sealedRecord = null;
        this.sealedBackupKey = null;
        this.updatedAt = now;
    }

    public RecordId id() {
        return new RecordId(id);
    }

    public Suite suite() {
        try {
            return Suite.fromWireName(suite);
        } catch (InvalidEncodingException e) {
            throw new IllegalStateException("record " + id().prefix() + " names an unknown suite", e);
        }
    }

    public RecordState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long version() {
        return version;
    }

    /** A record that is not DELETED holds the identifier: registering it again is a replacement. */
    public boolean exists() {
        return state != RecordState.DELETED;
    }

    /** ACTIVE with guesses left, in this suite: a login may be served from it. */
    public boolean servesLogins(Suite requested) {
        return state == RecordState.ACTIVE && suite.equals(requested.wireName()) && attempts < maxAttempts
                && wrappedOprfKey != null && sealedRecord != null;
    }

    public Optional<byte[]> wrappedOprfKey() {
        return Optional.ofNullable(wrappedOprfKey).map(byte[]::clone);
    }

    public Optional<byte[]> oprfPublicKey() {
        return Optional.ofNullable(oprfPublicKey).map(byte[]::clone);
    }

    public Optional<byte[]> sealedRecord() {
        return Optional.ofNullable(sealedRecord).map(byte[]::clone);
    }

    public Optional<byte[]> sealedBackupKey() {
        return Optional.ofNullable(sealedBackupKey).map(byte[]::clone);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "VaultRecord[" + id().prefix() + "…, " + suite + ", " + state + ", " + attempts + "/" + maxAttempts + "]";
    }
}
