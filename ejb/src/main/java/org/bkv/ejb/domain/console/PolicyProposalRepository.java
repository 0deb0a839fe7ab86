package org.bkv.ejb.domain.console;

import java.util.List;
import java.util.Optional;

/** Where policy proposals are kept. */
public interface PolicyProposalRepository {

    /** Reads the proposal and holds its row lock until the transaction ends (one decision only). */
    Optional<PolicyProposal> findForUpdate(long id);

    Optional<PolicyProposal> pending();

    /** Newest first. */
    List<PolicyProposal> recent(int max);

    void add(PolicyProposal proposal);
}
