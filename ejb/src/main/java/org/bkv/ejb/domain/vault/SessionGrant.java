package org.bkv.ejb.domain.vault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * What a successful recovery grants: its session token may replace or delete that record (that version) until
 * {@code expiresAt}. Only the token's SHA-256 is stored (base64url, the primary key).
 */
@Entity
@Table(name = "vault_session")
public class SessionGrant {

    @Id
    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "record_id", nullable = false)
    private String recordId;

    @Column(name = "record_version", nullable = false)
    private long recordVersion;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SessionGrant() {
        // for JPA
    }

    public SessionGrant(String tokenHash, RecordId recordId, long recordVersion, Instant now, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.recordId = recordId.value();
        this.recordVersion = recordVersion;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    /** Constant-time on the record id; the version and expiry are not secret. */
    public boolean grants(RecordId record, long version, Instant now) {
        boolean sameRecord = MessageDigest.isEqual(recordId.getBytes(StandardCharsets.US_ASCII),
                record.value().getBytes(StandardCharsets.US_ASCII));
        return sameRecord & recordVersion == version & now.isBefore(expiresAt);
    }
}
