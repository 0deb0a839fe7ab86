package org.bkv.ejb.domain.vault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/**
 * Server-side state of one login between KE2 and KE3: the OPAQUE server state (expected client MAC, session key)
 * sealed by the KEK with AAD = login id ‖ record id ‖ record version; usable once, until {@code expiresAt}.
 * {@code counted} says whether its KE2 consumed an attempt (false for fake logins).
 */
@Entity
@Table(name = "vault_login")
public class LoginSession {

    @Id
    private String id;

    @Column(name = "record_id", nullable = false)
    private String recordId;

    @Column(name = "record_version", nullable = false)
    private long recordVersion;

    @Column(nullable = false)
    private String suite;

    @Column(name = "sealed_state", nullable = false)
    private byte[] sealedState;

    @Column(nullable = false)
    private boolean counted;

    @Column(nullable = false)
    private boolean used;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LoginSession() {
        // for JPA
    }

    public LoginSession(String id, RecordId recordId, long recordVersion, Suite suite, byte[] sealedState,
                        boolean counted, Instant now, Instant expiresAt) {
        this.id = id;
        this.recordId = recordId.value();
        this.recordVersion = recordVersion;
        this.suite = suite.wireName();
        this.sealedState = sealedState.clone();
        this.counted = counted;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    public RecordId recordId() {
        return new RecordId(recordId);
    }

    public long recordVersion() {
        return recordVersion;
    }

    public Suite suite() {
        try {
            return Suite.fromWireName(suite);
        } catch (InvalidEncodingException e) {
            throw new IllegalStateException("login names an unknown suite", e);
        }
    }

    public byte[] sealedState() {
        return sealedState.clone();
    }

    public boolean counted() {
        return counted;
    }
}
