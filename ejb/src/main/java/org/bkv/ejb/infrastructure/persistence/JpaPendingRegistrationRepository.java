package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.vault.PendingRegistration;
import org.bkv.ejb.domain.vault.PendingRegistrationRepository;

/** Pending registrations in {@code vault_registration}. */
@Stateless
public class JpaPendingRegistrationRepository implements PendingRegistrationRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Override
    public void add(PendingRegistration registration) {
        em.persist(registration);
        em.flush();
    }

    @Override
    public Optional<PendingRegistration> find(String id) {
        return Optional.ofNullable(em.find(PendingRegistration.class, id));
    }

    @Override
    public boolean take(String id, Instant now) {
        return em.createNativeQuery("DELETE FROM vault_registration WHERE id = ?1 AND expires_at > ?2")
                .setParameter(1, id)
                .setParameter(2, Timestamp.from(now))
                .executeUpdate() == 1;
    }

    @Override
    public int purgeExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM vault_registration WHERE expires_at <= ?1")
                .setParameter(1, Timestamp.from(now))
                .executeUpdate();
    }
}
