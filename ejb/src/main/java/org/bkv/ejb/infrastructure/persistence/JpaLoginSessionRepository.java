package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bkv.ejb.domain.vault.LoginSession;
import org.bkv.ejb.domain.vault.LoginSessionRepository;
import org.bkv.ejb.domain.vault.RecordId;

/** Login state in {@code vault_login}; "used" flips exactly once, by a conditional update. */
@Stateless
public class JpaLoginSessionRepository implements LoginSessionRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    public JpaLoginSessionRepository() {
        // for the container
    }

    /** Outside a container (tests with a RESOURCE_LOCAL persistence unit). */
    public JpaLoginSessionRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public void add(LoginSession login) {
        em.persist(login);
        em.flush();
    }

    @Override
    public Optional<LoginSession> find(String id) {
        return Optional.ofNullable(em.find(LoginSession.class, id));
    }

    @Override
    public boolean markUsed(String id, Instant now) {
        return em.createNativeQuery("UPDATE vault_login SET used = TRUE WHERE id = ?1 AND used = FALSE AND expires_at > ?2")
                .setParameter(1, id)
                .setParameter(2, Timestamp.from(now))
                .executeUpdate() == 1;
    }

    @Override
    public List<RecordId> recordsWithExpiredCountedLogins(Instant now) {
        List<?> ids = em.createNativeQuery("SELECT DISTINCT record_id FROM vault_login"
                        + " WHERE counted = TRUE AND used = FALSE AND expires_at <= ?1")
                .setParameter(1, Timestamp.from(now))
                .getResultList();
        return ids.stream().map(id -> new RecordId((String) id)).toList();
    }

    @Override
    public int purgeExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM vault_login WHERE expires_at <= ?1")
                .setParameter(1, Timestamp.from(now))
                .executeUpdate();
    }
}
