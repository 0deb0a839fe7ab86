package org.bkv.ejb.domain.console;

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
import org.bkv.ejb.domain.policy.ClientAuth;
import org.bkv.ejb.domain.policy.LockoutAction;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/**
 * A policy change an administrator proposed (DESIGN §7, dual control). It takes effect only when a security officer
 * other than the proposer approves it; the database refuses a decision by the proposer too.
 */
@Entity
@Table(name = "policy_proposal")
public class PolicyProposal {

    @Id
    private long id;

    @Column(name = "base_version", nullable = false)
    private long baseVersion;

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

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private ProposalStatus status;

    @Column(name = "proposed_by", nullable = false)
    private String proposedBy;

    @Column(name = "proposed_at", nullable = false)
    private Instant proposedAt;

    @Column(name = "decided_by")
    private String decidedBy;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decision_note")
    private String decisionNote;

    @Column(name = "resulting_version")
    private Long resultingVersion;

    protected PolicyProposal() {
        // for JPA
    }

    public PolicyProposal(long id, long baseVersion, PolicySettings s, String proposedBy, Instant now) {
        this.id = id;
        this.baseVersion = baseVersion;
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
        this.status = ProposalStatus.PENDING;
        this.proposedBy = proposedBy;
        this.proposedAt = now;
    }

    public long id() {
        return id;
    }

    public long baseVersion() {
        return baseVersion;
    }

    public ProposalStatus status() {
        return status;
    }

    public String proposedBy() {
        return proposedBy;
    }

    public Instant proposedAt() {
        return proposedAt;
    }

    public Optional<String> decidedBy() {
        return Optional.ofNullable(decidedBy);
    }

    public Optional<Instant> decidedAt() {
        return Optional.ofNullable(decidedAt);
    }

    public Optional<String> decisionNote() {
        return Optional.ofNullable(decisionNote);
    }

    public Optional<Long> resultingVersion() {
        return Optional.ofNullable(resultingVersion);
    }

    public void approve(String officer, Instant now, long version) {
        decide(ProposalStatus.APPROVED, officer, now, null);
        this.resultingVersion = version;
    }

    public void reject(String officer, Instant now, String note) {
        decide(ProposalStatus.REJECTED, officer, now, note);
    }

    private void decide(ProposalStatus outcome, String officer, Instant now, String note) {
        if (status != ProposalStatus.PENDING) {
            throw new IllegalStateException("proposal " + id + " was already decided");
        }
        if (officer.equals(proposedBy)) {
            throw new IllegalStateException("the proposer cannot decide their own proposal");
        }
        this.status = outcome;
        this.decidedBy = officer;
        this.decidedAt = now;
        this.decisionNote = note;
    }

    public PolicySettings settings() {
        EnumSet<Suite> suites = EnumSet.noneOf(Suite.class);
        Arrays.stream(allowedSuites.split(",")).filter(n -> !n.isBlank()).forEach(n -> {
            try {
                suites.add(Suite.fromWireName(n.strip()));
            } catch (InvalidEncodingException e) {
                throw new IllegalStateException("policy proposal " + id + " names an unknown suite", e);
            }
        });
        return new PolicySettings(maxAttempts, lockoutAction, revealLockout, Duration.ofSeconds(loginTtlSeconds),
                Duration.ofSeconds(registrationTtlSeconds), Duration.ofSeconds(sessionTtlSeconds), suites,
                ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, clientAuth);
    }
}
