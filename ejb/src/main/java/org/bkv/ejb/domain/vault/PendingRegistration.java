package org.bkv.ejb.domain.vault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/**
 * A registration between its response and its record (TTL {@code registrationTtl}). The per-record OPRF key is
 * created at start and kept here: P-256 wrapped by the HSM, ristretto255 inside the sealed state. The sealed
 * state also carries the identifier (sealed, deleted with the row) so that finish can answer with it.
 */
@Entity
@Table(name = "vault_registration")
public class PendingRegistration {

    @Id
    private String id;

    @Column(name = "record_id", nullable = false)
    private String recordId;

    @Column(nullable = false)
    private String suite;

    @Column(name = "sealed_state", nullable = false)
    private byte[] sealedState;

    @Column(name = "wrapped_oprf_key")
    private byte[] wrappedOprfKey;

    @Column(name = "oprf_public_key", nullable = false)
    private byte[] oprfPublicKey;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PendingRegistration() {
        // for JPA
    }

    public PendingRegistration(String id, RecordId recordId, Suite suite, byte[] sealedState,
                               Optional<byte[]> wrappedOprfKey, byte[] oprfPublicKey, Instant now, Instant expiresAt) {
        this.id = id;
        this.recordId = recordId.value();
        this.suite = suite.wireName();
        this.sealedState = sealedState.clone();
        this.wrappedOprfKey = wrappedOprfKey.map(byte[]::clone).orElse(null);
        this.oprfPublicKey = oprfPublicKey.clone();
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    public RecordId recordId() {
        return new RecordId(recordId);
    }

    public Suite suite() {
        try {
            return Suite.fromWireName(suite);
        } catch (InvalidEncodingException e) {
            throw new IllegalStateException("pending registration names an unknown suite", e);
        }
    }

    public byte[] sealedState() {
        return sealedState.clone();
    }

    public Optional<byte[]> wrappedOprfKey() {
        return Optional.ofNullable(wrappedOprfKey).map(byte[]::clone);
    }

    public byte[] oprfPublicKey() {
        return oprfPublicKey.clone();
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
