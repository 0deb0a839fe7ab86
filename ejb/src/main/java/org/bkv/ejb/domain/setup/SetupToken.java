package org.bkv.ejb.domain.setup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

/**
 * The one-time token that lets the first person create the first administrator.
 * Only its SHA-256 is stored; the token itself is handed to the operator once.
 */
@Entity
@Table(name = "setup_token")
public class SetupToken {

    @Id
    private String id;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "spent_at")
    private Instant spentAt;

    protected SetupToken() {
        // for JPA
    }

    public SetupToken(byte[] token, Instant issuedAt) {
        this.id = java.util.UUID.randomUUID().toString();
        this.tokenHash = hash(token);
        this.issuedAt = issuedAt;
    }

    public String id() {
        return id;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Optional<Instant> spentAt() {
        return Optional.ofNullable(spentAt);
    }

    /** Constant-time: a wrong guess takes as long as a right one. */
    public boolean matches(byte[] candidate) {
        return spentAt == null && MessageDigest.isEqual(tokenHash, hash(candidate));
    }

    public void spend(Instant when) {
        this.spentAt = when;
    }

    private static byte[] hash(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
