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

    @Override
    public java.util.List<SetupToken> unspent() {
        return em.createQuery("SELECT t FROM SetupToken t WHERE t.spentAt IS NULL", SetupToken.class).getResultList();
    }

    /** A conditional UPDATE: of two concurrent first-run set-ups, exactly one spends the token. */
    @Override
    public boolean spend(SetupToken token, java.time.Instant when) {
        return em.createNativeQuery("UPDATE setup_token SET spent_at = ?1 WHERE id = ?2 AND spent_at IS NULL")
                .setParameter(1, java.sql.Timestamp.from(when))
                .setParameter(2, token.id())
                .executeUpdate() == 1;
    }
}
