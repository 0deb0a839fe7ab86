package org.bkv.ejb.domain.vault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/**
 * A record: one identifier's OPAQUE credential and sealed backup key. The attempt counter is changed only by
 * the repository's single-row atomic updates, never through this object. {@code version} changes when the
 * record is registered again (replaced or re-created); every seal of the record binds it as AAD.
 *
 * <p>A few rows are decoys ({@link DecoyId}): shaped like ACTIVE records, read and written by fake logins, never
 * reachable through a {@link RecordId}. They have no record id ({@link #id()} refuses) and count as no record.
 */
@Entity
@Table(name = "vault_record")
@NamedNativeQuery(name = VaultRecord.FIND_FOR_LOGIN, query = VaultRecord.FIND_FOR_LOGIN_SQL, resultClass = VaultRecord.class)
public class VaultRecord {

    /**
     * A login start's look-up ({@link VaultRecordRepository#findForLogin}): the record, or its decoy when there is none,
     * in one statement that reads one row either way. Named, so the persistence unit prepares it once: built on every
     * call, its cost over {@code em.find} was two to three times as high (docs/PERFORMANCE.md, "Vault").
     */
    public static final String FIND_FOR_LOGIN = "VaultRecord.findForLogin";
    /** Two primary-key look-ups and one row on either path: H2 and PostgreSQL evaluate the sub-query once. */
    public static final String FIND_FOR_LOGIN_SQL = "SELECT id, suite, state, attempts, max_attempts, wrapped_oprf_key,"
            + " oprf_public_key, sealed_record, sealed_backup_key, version, created_at, updated_at FROM vault_record"
            + " WHERE id = COALESCE((SELECT r.id FROM vault_record r WHERE r.id = ?1), ?2)";

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

    /** A decoy row: ACTIVE, no attempts used, its suite's column sizes (docs/SECURITY.md, "Fake responses and timing"). */
    public static VaultRecord decoy(DecoyId id, VaultKeys.DecoyMaterial material, Instant now) {
        VaultRecord decoy = new VaultRecord();
        decoy.id = id.value();
        decoy.createdAt = now;
        decoy.register(id.suite(), DecoyId.VERSION, DecoyId.MAX_ATTEMPTS, material.wrappedOprfKey(),
                material.oprfPublicKey(), material.sealedRecord(), material.sealedBackupKey(), now);
        return decoy;
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

    /** The record's id; a decoy has none (its id is outside the record id alphabet). */
    public RecordId id() {
        if (decoy()) {
            throw new IllegalStateException("a decoy row has no record id");
        }
        return new RecordId(id);
    }

    /** Whether this row is a decoy ({@link DecoyId}) rather than a record. */
    public boolean decoy() {
        return DecoyId.isDecoy(id);
    }

    /** The stored id as it is, for a decoy or a record (the database's and the tests' view). */
    public String storedId() {
        return id;
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

    /** ACTIVE with guesses left, in this suite, and a record (a decoy never serves one): a login may be served from it. */
    public boolean servesLogins(Suite requested) {
        return state == RecordState.ACTIVE && suite.equals(requested.wireName()) && attempts < maxAttempts
                && wrappedOprfKey != null && sealedRecord != null && !decoy();
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
        return "VaultRecord[" + (decoy() ? id : id().prefix() + "…") + ", " + suite + ", " + state + ", " + attempts + "/" + maxAttempts + "]";
    }
}
