package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.bkv.ejb.domain.policy.Policy;
import org.bkv.ejb.domain.policy.PolicyRepository;

/** Policy versions in {@code policy}; the current one is the highest version. */
@Stateless
public class JpaPolicyRepository implements PolicyRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Override
    public Optional<Policy> current() {
        return em.createQuery("SELECT p FROM Policy p ORDER BY p.version DESC", Policy.class)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    @Override
    public void add(Policy policy) {
        em.persist(policy);
        em.flush();
    }
}
