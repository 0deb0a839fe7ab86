package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.bkv.ejb.domain.console.PolicyProposal;
import org.bkv.ejb.domain.console.PolicyProposalRepository;
import org.bkv.ejb.domain.console.ProposalStatus;

/** Policy proposals in {@code policy_proposal}. */
@Stateless
public class JpaPolicyProposalRepository implements PolicyProposalRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Override
    public Optional<PolicyProposal> findForUpdate(long id) {
        return Optional.ofNullable(em.find(PolicyProposal.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<PolicyProposal> pending() {
        return em.createQuery("SELECT p FROM PolicyProposal p WHERE p.status = :s ORDER BY p.proposedAt DESC",
                        PolicyProposal.class)
                .setParameter("s", ProposalStatus.PENDING)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<PolicyProposal> recent(int max) {
        return em.createQuery("SELECT p FROM PolicyProposal p ORDER BY p.proposedAt DESC", PolicyProposal.class)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public void add(PolicyProposal proposal) {
        em.persist(proposal);
        em.flush();
    }
}
