package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.opaque.Suite;

/**
 * Records in {@code vault_record}. The counter and the lockout are single SQL statements whose WHERE clause is the
 * rule itself, so concurrent requests on any number of nodes can never hand out more than max_attempts KE2s.
 */
@Stateless
public class JpaVaultRecordRepository implements VaultRecordRepository {

    static final String CONSUME_ATTEMPT = "UPDATE vault_record SET attempts = attempts + 1, updated_at = ?1"
            + " WHERE id = ?2 AND suite = ?3 AND state = 'ACTIVE' AND attempts < max_attempts";
    static final String RESET_ATTEMPTS = "UPDATE vault_record SET attempts = 0, updated_at = ?1"
            + " WHERE id = ?2 AND version = ?3 AND state = 'ACTIVE'";
    private static final String EXHAUSTED_AND_NO_OPEN_LOGIN = " WHERE id = ?2 AND state = 'ACTIVE' AND attempts >= max_attempts"
            + " AND NOT EXISTS (SELECT 1 FROM vault_login l WHERE l.record_id = vault_record.id"
            + " AND l.counted = TRUE AND l.used = FALSE AND l.expires_at > ?1)";
    static final String LOCK = "UPDATE vault_record SET state = 'LOCKED', updated_at = ?1" + EXHAUSTED_AND_NO_OPEN_LOGIN;
    static final String LOCK_AND_DESTROY = "UPDATE vault_record SET state = 'LOCKED', updated_at = ?1,"
            + " wrapped_oprf_key = NULL, sealed_record = NULL, sealed_backup_key = NULL" + EXHAUSTED_AND_NO_OPEN_LOGIN;

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    public JpaVaultRecordRepository() {
        // for the container
    }

    /** Outside a container (tests with a RESOURCE_LOCAL persistence unit). */
    public JpaVaultRecordRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<VaultRecord> find(RecordId id) {
        return Optional.ofNullable(em.find(VaultRecord.class, id.value()));
    }

    @Override
    public Optional<VaultRecord> findForUpdate(RecordId id) {
        return Optional.ofNullable(em.find(VaultRecord.class, id.value(), LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public void add(VaultRecord record) {
        em.persist(record);
        em.flush();
    }

    @Override
    public boolean consumeAttempt(RecordId id, Suite suite, Instant now) {
        return em.createNativeQuery(CONSUME_ATTEMPT)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, id.value())
                .setParameter(3, suite.wireName())
                .executeUpdate() == 1;
    }

    @Override
    public boolean resetAttempts(RecordId id, long version, Instant now) {
        return em.createNativeQuery(RESET_ATTEMPTS)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, id.value())
                .setParameter(3, version)
                .executeUpdate() == 1;
    }

    @Override
    public boolean lockIfExhausted(RecordId id, boolean destroy, Instant now) {
        return em.createNativeQuery(destroy ? LOCK_AND_DESTROY : LOCK)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, id.value())
                .executeUpdate() == 1;
    }

    @Override
    public long count() {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM vault_record").getSingleResult()).longValue();
    }

    @Override
    public java.util.Map<org.bkv.ejb.domain.vault.RecordState, Long> countByState() {
        java.util.Map<org.bkv.ejb.domain.vault.RecordState, Long> counts =
                new java.util.EnumMap<>(org.bkv.ejb.domain.vault.RecordState.class);
        for (Object[] row : em.createQuery("SELECT r.state, COUNT(r) FROM VaultRecord r GROUP BY r.state", Object[].class)
                .getResultList()) {
            counts.put((org.bkv.ejb.domain.vault.RecordState) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }
}
