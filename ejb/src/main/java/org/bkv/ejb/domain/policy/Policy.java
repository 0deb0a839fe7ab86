package org.bkv.ejb.domain.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/** One version of the policy. Versions are never edited: a change is a new row with the next version. */
@Entity
@Table(name = "policy")
public class Policy {

    @Id
    private long version;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    @Enumerated(EnumType.STRING)
    @Column(name = "lockout_action", nullable = false)
    private LockoutAction lockoutAction;

    @Column(name = "reveal_lockout", nullable = false)
    private boolean revealLockout;

    @Column(name = "login_ttl_seconds", nullable = false)
    private long loginTtlSeconds;

    @Column(name = "registration_ttl_seconds", nullable = false)
    private long registrationTtlSeconds;

    @Column(name = "session_ttl_seconds", nullable = false)
    private long sessionTtlSeconds;

    @Column(name = "allowed_suites", nullable = false)
    private String allowedSuites;

    @Column(name = "rate_per_address", nullable = false)
    private int ratePerAddressPerMinute;

    @Column(name = "rate_per_identifier", nullable = false)
    private int ratePerIdentifierPerMinute;

    @Column(name = "backup_retention", nullable = false)
    private int backupRetention;

    @Column(name = "max_backup_bytes", nullable = false)
    private long maxBackupBytes;

    @Enumerated(EnumType.STRING)
    @Column(name = "client_auth", nullable = false)
    private ClientAuth clientAuth;

    @Column(name = "approved_by")
    private String approvedBy;

    @Column(name = "effective_at", nullable = false)
    private Instant effectiveAt;

    protected Policy() {
        // for JPA
    }

    public Policy(long version, PolicySettings s, String approvedBy, Instant effectiveAt) {
        this.version = version;
        this.maxAttempts = s.maxAttempts();
        this.lockoutAction = s.lockoutAction();
        this.revealLockout = s.revealLockout();
        this.loginTtlSeconds = s.loginTtl().toSeconds();
        this.registrationTtlSeconds = s.registrationTtl().toSeconds();
        this.sessionTtlSeconds = s.sessionTtl().toSeconds();
        this.allowedSuites = s.allowedSuites().stream().sorted().map(Suite::wireName).collect(Collectors.joining(","));
        this.ratePerAddressPerMinute = s.ratePerAddressPerMinute();
        this.ratePerIdentifierPerMinute = s.ratePerIdentifierPerMinute();
        this.backupRetention = s.backupRetention();
        this.maxBackupBytes = s.maxBackupBytes();
        this.clientAuth = s.clientAuth();
        this.approvedBy = approvedBy;
        this.effectiveAt = effectiveAt;
    }

    public long version() {
        return version;
    }

    public Optional<String> approvedBy() {
        return Optional.ofNullable(approvedBy);
    }

    public Instant effectiveAt() {
        return effectiveAt;
    }

    public PolicySettings settings() {
        EnumSet<Suite> suites = EnumSet.noneOf(Suite.class);
        Arrays.stream(allowedSuites.split(",")).filter(n -> !n.isBlank()).forEach(n -> {
            try {
                suites.add(Suite.fromWireName(n.strip()));
            } catch (InvalidEncodingException e) {
                throw new IllegalStateException("policy version " + version + " names an unknown suite", e);
            }
        });
        return new PolicySettings(maxAttempts, lockoutAction, revealLockout, Duration.ofSeconds(loginTtlSeconds),
                Duration.ofSeconds(registrationTtlSeconds), Duration.ofSeconds(sessionTtlSeconds), suites,
                ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, clientAuth);
    }
}
