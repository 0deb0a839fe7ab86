package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.SessionGrant;
import org.bkv.ejb.domain.vault.SessionGrantRepository;

/** Session grants in {@code vault_session}, by token hash. */
@Stateless
public class JpaSessionGrantRepository implements SessionGrantRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Override
    public void add(SessionGrant grant) {
        em.persist(grant);
        em.flush();
    }

    @Override
    public Optional<SessionGrant> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(em.find(SessionGrant.class, tokenHash));
    }

    @Override
    public void removeForRecord(RecordId id) {
        em.createNativeQuery("DELETE FROM vault_session WHERE record_id = ?1").setParameter(1, id.value()).executeUpdate();
    }

    @Override
    public int purgeExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM vault_session WHERE expires_at <= ?1")
                .setParameter(1, Timestamp.from(now))
                .executeUpdate();
    }
}
