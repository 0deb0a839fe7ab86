package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.bkv.ejb.domain.setup.SetupToken;
import org.bkv.ejb.domain.setup.SetupTokenRepository;

/** Setup tokens in the {@code setup_token} table; the console user count from {@code console_user}. */
@Stateless
public class JpaSetupTokenRepository implements SetupTokenRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    /** Commits (or throws) before returning, so the caller may hand the token out afterwards. */
    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void replaceUnspent(SetupToken token) {
        em.createQuery("DELETE FROM SetupToken t WHERE t.spentAt IS NULL").executeUpdate();
        em.persist(token);
        em.flush();
    }

    @Override
    public long consoleUserCount() {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM console_user").getSingleResult()).longValue();
    }
}
