package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.bkv.ejb.domain.console.ConsoleUser;
import org.bkv.ejb.domain.console.ConsoleUserRepository;

/** Console accounts in {@code console_user}. */
@Stateless
public class JpaConsoleUserRepository implements ConsoleUserRepository {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Override
    public Optional<ConsoleUser> find(String username) {
        return em.createQuery("SELECT u FROM ConsoleUser u WHERE u.username = :name", ConsoleUser.class)
                .setParameter("name", username)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<ConsoleUser> findForUpdate(String username) {
        return em.createQuery("SELECT u FROM ConsoleUser u WHERE u.username = :name", ConsoleUser.class)
                .setParameter("name", username)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<ConsoleUser> all() {
        return em.createQuery("SELECT u FROM ConsoleUser u ORDER BY u.username", ConsoleUser.class).getResultList();
    }

    @Override
    public long count() {
        return em.createQuery("SELECT COUNT(u) FROM ConsoleUser u", Long.class).getSingleResult();
    }

    @Override
    public void add(ConsoleUser user) {
        em.persist(user);
        em.flush();
    }
}
