package org.bkv.ejb.domain.console;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.policy.PolicyColumns;
import org.bkv.ejb.domain.policy.PolicySettings;

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

    @Embedded
    private PolicyColumns values;

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
        this.values = PolicyColumns.of(s);
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
        return values.settings("policy proposal " + id);
    }
}
