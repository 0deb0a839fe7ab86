package org.bkv.ejb.application;

import java.time.Instant;
import org.bkv.ejb.domain.console.PolicyProposal;
import org.bkv.ejb.domain.console.ProposalStatus;
import org.bkv.ejb.domain.policy.PolicySettings;

/** A policy proposal as the console shows it: what, who, when, and how it was decided. */
public record PolicyProposalView(long id, long baseVersion, PolicySettings settings, ProposalStatus status,
                                 String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
                                 String decisionNote, Long resultingVersion) {

    static PolicyProposalView of(PolicyProposal p) {
        return new PolicyProposalView(p.id(), p.baseVersion(), p.settings(), p.status(), p.proposedBy(), p.proposedAt(),
                p.decidedBy().orElse(null), p.decidedAt().orElse(null), p.decisionNote().orElse(null),
                p.resultingVersion().orElse(null));
    }
}
