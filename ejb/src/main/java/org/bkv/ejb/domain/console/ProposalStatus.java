package org.bkv.ejb.domain.console;

/** Where a policy proposal stands. Only PENDING ones can be decided. */
public enum ProposalStatus {
    PENDING,
    APPROVED,
    REJECTED
}
