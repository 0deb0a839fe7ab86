package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.bkv.ejb.domain.backup.BackupId;
import org.bkv.ejb.domain.backup.BackupSlot;
import org.bkv.ejb.domain.backup.BackupSlotRepository;
import org.bkv.ejb.domain.backup.StoredCopy;

/**
 * Backup slots in {@code backup_slot}, through native SQL that runs unchanged on H2 and PostgreSQL. Generations
 * move forward only by a conditional single-row UPDATE, so two nodes storing into one slot cannot both win.
 */
@Stateless
public class JpaBackupSlotRepository implements BackupSlotRepository {
    private static final String COLUMNS = "id, token_hash, generation, length, sha256, stored_at, created_at, owner_id";

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    public JpaBackupSlotRepository() {
        // for the container
    }

    /** Outside a container (tests with a RESOURCE_LOCAL persistence unit). */
    public JpaBackupSlotRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<BackupSlot> find(BackupId id) {
        return select("SELECT " + COLUMNS + " FROM backup_slot WHERE id = ?1", id);
    }

    @Override
    public Optional<BackupSlot> findForUpdate(BackupId id) {
        return select("SELECT " + COLUMNS + " FROM backup_slot WHERE id = ?1 FOR UPDATE", id);
    }

    @Override
    public boolean create(BackupId id, String tokenHash, String ownerId, Instant now) {
        return em.createNativeQuery("INSERT INTO backup_slot (id, token_hash, generation, created_at, owner_id)"
                        + " SELECT ?1, ?2, 0, ?3, CAST(?5 AS VARCHAR(43)) WHERE NOT EXISTS (SELECT 1 FROM backup_slot WHERE id = ?4)")
                .setParameter(1, id.value())
                .setParameter(2, tokenHash)
                .setParameter(3, Timestamp.from(now))
                .setParameter(4, id.value())
                .setParameter(5, ownerId)
                .executeUpdate() == 1;
    }

    @Override
    public boolean advance(BackupId id, StoredCopy copy) {
        return em.createNativeQuery("UPDATE backup_slot SET generation = ?1, length = ?2, sha256 = ?3, stored_at = ?4"
                        + " WHERE id = ?5 AND generation = ?6")
                .setParameter(1, copy.generation())
                .setParameter(2, copy.length())
                .setParameter(3, copy.sha256())
                .setParameter(4, Timestamp.from(copy.storedAt()))
                .setParameter(5, id.value())
                .setParameter(6, copy.generation() - 1)
                .executeUpdate() == 1;
    }

    @Override
    public boolean delete(BackupId id) {
        return em.createNativeQuery("DELETE FROM backup_slot WHERE id = ?1").setParameter(1, id.value()).executeUpdate() == 1;
    }

    private Optional<BackupSlot> select(String sql, BackupId id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, id.value()).getResultList();
        return rows.stream().findFirst().map(JpaBackupSlotRepository::slot);
    }

    private static BackupSlot slot(Object[] row) {
        long generation = ((Number) row[2]).longValue();
        Optional<StoredCopy> current = generation == 0 || row[3] == null ? Optional.empty()
                : Optional.of(new StoredCopy(generation, ((Number) row[3]).longValue(), (String) row[4], instant(row[5])));
        return new BackupSlot(new BackupId((String) row[0]), (String) row[1], generation, current, instant(row[6]),
                Optional.ofNullable((String) row[7]));
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + (value == null ? "null" : value.getClass().getName()));
    }
}
