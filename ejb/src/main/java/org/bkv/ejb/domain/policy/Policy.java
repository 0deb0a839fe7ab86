package org.bkv.ejb.domain.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One version of the policy. Versions are never edited: a change is a new row with the next version. */
@Entity
@Table(name = "policy")
public class Policy {

    @Id
    private long version;

    @Embedded
    private PolicyColumns values;

    @Column(name = "approved_by")
    private String approvedBy;

    @Column(name = "effective_at", nullable = false)
    private Instant effectiveAt;

    protected Policy() {
        // for JPA
    }

    public Policy(long version, PolicySettings s, String approvedBy, Instant effectiveAt) {
        this.version = version;
        this.values = PolicyColumns.of(s);
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
        return values.settings("policy version " + version);
    }
}
