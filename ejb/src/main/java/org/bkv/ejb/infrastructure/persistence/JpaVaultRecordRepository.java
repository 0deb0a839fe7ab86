package org.bkv.ejb.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.RecordState;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.opaque.Suite;

/**
 * Records in {@code vault_record}. The counter and the lockout are single SQL statements whose WHERE clause is the
 * rule itself, so concurrent requests on any number of nodes can never hand out more than max_attempts KE2s.
 *
 * <p>The decoy rows ({@link DecoyId}) live in the same table. A login start reads the record or, when there is none,
 * its decoy in one statement ({@link VaultRecord#FIND_FOR_LOGIN_SQL}), and a fake login's counter write on the decoy is the record's
 * own UPDATE (only the parameters differ), so a fake login costs the database what a real one does. Every count here
 * leaves decoys out ({@code id NOT LIKE '~%'}); nothing else can reach them, as no {@link RecordId} names one.
 */
@Stateless
public class JpaVaultRecordRepository implements VaultRecordRepository {

    static final String CONSUME_ATTEMPT = "UPDATE vault_record SET attempts = attempts + 1, updated_at = ?1"
            + " WHERE id = ?2 AND suite = ?3 AND state = 'ACTIVE' AND attempts < max_attempts";
    static final String RESET_ATTEMPTS = "UPDATE vault_record SET attempts = 0, updated_at = ?1"
            + " WHERE id = ?2 AND version = ?3 AND state = 'ACTIVE'";
    /**
     * The lockout rule. A decoy id never matches ({@code NOT LIKE '~%'}): a fake finish runs this statement on its
     * decoy's row, whose counter may stand at max_attempts and which no login names, and it must never lock it.
     */
    private static final String EXHAUSTED_AND_NO_OPEN_LOGIN = " WHERE id = ?2 AND id NOT LIKE '" + DecoyId.LIKE_PATTERN + "'"
            + " AND state = 'ACTIVE' AND attempts >= max_attempts"
            + " AND NOT EXISTS (SELECT 1 FROM vault_login l WHERE l.record_id = vault_record.id"
            + " AND l.counted = TRUE AND l.used = FALSE AND l.expires_at > ?1)";
    static final String LOCK = "UPDATE vault_record SET state = 'LOCKED', updated_at = ?1" + EXHAUSTED_AND_NO_OPEN_LOGIN;
    static final String LOCK_AND_DESTROY = "UPDATE vault_record SET state = 'LOCKED', updated_at = ?1,"
            + " wrapped_oprf_key = NULL, sealed_record = NULL, sealed_backup_key = NULL" + EXHAUSTED_AND_NO_OPEN_LOGIN;
    private static final String COLUMNS = "id, suite, state, attempts, max_attempts, wrapped_oprf_key, oprf_public_key,"
            + " sealed_record, sealed_backup_key, version, created_at, updated_at";
    static final String NOT_A_DECOY = "id NOT LIKE '" + DecoyId.LIKE_PATTERN + "'";
    static final String COUNT = "SELECT COUNT(*) FROM vault_record WHERE " + NOT_A_DECOY;
    static final String COUNT_BY_STATE = "SELECT r.state, COUNT(r) FROM VaultRecord r WHERE r.id NOT LIKE '"
            + DecoyId.LIKE_PATTERN + "' GROUP BY r.state";
    static final String COUNT_DECOYS = "SELECT COUNT(*) FROM vault_record WHERE id IN ("
            + DecoyId.all().stream().map(d -> "'" + d.value() + "'").collect(Collectors.joining(", ")) + ")";
    /**
     * Insert-if-absent on PostgreSQL: concurrent inserts of one id by several nodes end with one row and no error (the
     * losers wait for the winner's commit, then do nothing).
     */
    static final String INSERT_IF_ABSENT_POSTGRESQL = "INSERT INTO vault_record (" + COLUMNS + ")"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (id) DO NOTHING";
    /**
     * Insert-if-absent on H2 (which has no ON CONFLICT): standard MERGE. Not safe against a concurrent insert of the
     * same id by another transaction (that one would fail on the primary key), which is enough for H2: the embedded
     * database belongs to one appliance process, and there DecoyRowKeeper creates decoys one at a time.
     */
    static final String INSERT_IF_ABSENT_STANDARD = "MERGE INTO vault_record r USING (SELECT CAST(?1 AS VARCHAR(43)) AS id) n"
            + " ON r.id = n.id WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ")"
            + " VALUES (n.id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

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
        return find(id.value());
    }

    @Override
    public Optional<VaultRecord> findForLogin(RecordId id, DecoyId decoy) {
        return em.createNamedQuery(VaultRecord.FIND_FOR_LOGIN, VaultRecord.class)
                .setParameter(1, id.value())
                .setParameter(2, decoy.value())
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<VaultRecord> findForUpdate(RecordId id) {
        return findForUpdate(id.value());
    }

    @Override
    public void add(VaultRecord record) {
        em.persist(record);
        em.flush();
    }

    @Override
    public boolean consumeAttempt(RecordId id, Suite suite, Instant now) {
        return consumeAttempt(id.value(), suite, now);
    }

    @Override
    public boolean resetAttempts(RecordId id, long version, Instant now) {
        return resetAttempts(id.value(), version, now);
    }

    @Override
    public boolean lockIfExhausted(RecordId id, boolean destroy, Instant now) {
        return lockIfExhausted(id.value(), destroy, now);
    }

    @Override
    public long count() {
        return ((Number) em.createNativeQuery(COUNT).getSingleResult()).longValue();
    }

    @Override
    public Map<RecordState, Long> countByState() {
        Map<RecordState, Long> counts = new EnumMap<>(RecordState.class);
        for (Object[] row : em.createQuery(COUNT_BY_STATE, Object[].class).getResultList()) {
            counts.put((RecordState) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    @Override
    public Optional<VaultRecord> findDecoy(DecoyId id) {
        return find(id.value());
    }

    @Override
    public boolean consumeDecoyAttempt(DecoyId id, Instant now) {
        return consumeAttempt(id.value(), id.suite(), now);
    }

    @Override
    public Optional<VaultRecord> findDecoyForUpdate(DecoyId id) {
        return findForUpdate(id.value());
    }

    @Override
    public boolean lockDecoyIfExhausted(DecoyId id, boolean destroy, Instant now) {
        return lockIfExhausted(id.value(), destroy, now);
    }

    @Override
    public boolean resetDecoyAttempts(DecoyId id, Instant now) {
        return resetAttempts(id.value(), DecoyId.VERSION, now);
    }

    @Override
    public boolean addDecoyIfAbsent(VaultRecord decoy) {
        if (!decoy.decoy()) {
            throw new IllegalArgumentException("not a decoy row: " + decoy);
        }
        return em.createNativeQuery(postgresql() ? INSERT_IF_ABSENT_POSTGRESQL : INSERT_IF_ABSENT_STANDARD)
                .setParameter(1, decoy.storedId())
                .setParameter(2, decoy.suite().wireName())
                .setParameter(3, decoy.state().name())
                .setParameter(4, decoy.attempts())
                .setParameter(5, decoy.maxAttempts())
                .setParameter(6, decoy.wrappedOprfKey().orElseThrow())
                .setParameter(7, decoy.oprfPublicKey().orElseThrow())
                .setParameter(8, decoy.sealedRecord().orElseThrow())
                .setParameter(9, decoy.sealedBackupKey().orElseThrow())
                .setParameter(10, decoy.version())
                .setParameter(11, Timestamp.from(decoy.createdAt()))
                .setParameter(12, Timestamp.from(decoy.updatedAt()))
                .executeUpdate() == 1;
    }

    @Override
    public long countDecoys() {
        return ((Number) em.createNativeQuery(COUNT_DECOYS).getSingleResult()).longValue();
    }

    /** The one JPA find of a row, record or decoy. */
    private Optional<VaultRecord> find(String id) {
        return Optional.ofNullable(em.find(VaultRecord.class, id));
    }

    /** The one locking read of a row, record or decoy. */
    private Optional<VaultRecord> findForUpdate(String id) {
        return Optional.ofNullable(em.find(VaultRecord.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The one lockout statement, record or decoy (which it never matches). */
    private boolean lockIfExhausted(String id, boolean destroy, Instant now) {
        return em.createNativeQuery(destroy ? LOCK_AND_DESTROY : LOCK)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, id)
                .executeUpdate() == 1;
    }

    /** The one counter statement, record or decoy. */
    private boolean consumeAttempt(String id, Suite suite, Instant now) {
        return em.createNativeQuery(CONSUME_ATTEMPT)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, id)
                .setParameter(3, suite.wireName())
                .executeUpdate() == 1;
    }

    /** The one counter reset statement, record or decoy. */
    private boolean resetAttempts(String id, long version, Instant now) {
        return em.createNativeQuery(RESET_ATTEMPTS)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, id)
                .setParameter(3, version)
                .executeUpdate() == 1;
    }

    /** Which insert-if-absent the database speaks; asked of the transaction's own connection. */
    private boolean postgresql() {
        try {
            Connection connection = em.unwrap(Connection.class);
            if (connection == null) {
                throw new IllegalStateException("no JDBC connection: decoy rows are created inside a transaction");
            }
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is: " + e.getMessage(), e);
        }
    }
}
