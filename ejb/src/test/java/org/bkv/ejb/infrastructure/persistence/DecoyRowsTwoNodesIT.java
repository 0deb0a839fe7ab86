package org.bkv.ejb.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bkv.ejb.testing.JpaNodes.inTransaction;
import static org.bkv.ejb.testing.JpaNodes.node;
import static org.bkv.ejb.testing.JpaNodes.scalar;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bkv.ejb.application.DecoyRows;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.testing.PostgresCluster;
import org.bkv.opaque.Suite;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Decoy rows across nodes, in the style of {@link AttemptCounterTwoNodesIT}: two appliance "nodes" (two
 * EntityManagerFactories, each its own pool, the production persistence unit and repository). Nodes starting together
 * insert every decoy exactly once (PostgreSQL's insert-if-absent under a real race); the decoys count as no record;
 * concurrent fake logins' counter writes on one decoy, from both nodes, never lock it and keep its counter in range.
 */
class DecoyRowsTwoNodesIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int THREADS = 8;

    @Test
    void twoPostgresNodesStartingTogetherInsertEachDecoyOnce() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start()) {
            withTwoNodes(pg.jdbcUrl(), pg.user(), "", "org.postgresql.Driver", (node1, node2) -> {
                startTogether(node1, node2);
                decoysAreThereOnceAndCountAsNoRecord(node1);
                aLoginLooksUpTheRecordOrElseItsDecoyThroughThePrimaryKey(node2, true);
                fakeCountsFromBothNodesNeverLockADecoy(node1, node2);
                aFakeFinishLocksItsDecoysRowAndItsLockoutStatementNeverMatches(node1, node2, true);
            });
        }
    }

    @Test
    void anH2NodeStartingTwiceInsertsEachDecoyOnce() throws Exception {
        Path dir = Files.createTempDirectory("bkv-h2-");
        try {
            String url = "jdbc:h2:file:" + dir.resolve("bkv") + ";LOCK_TIMEOUT=10000";
            withTwoNodes(url, "bkv", "bkv", "org.h2.Driver", (node1, node2) -> {
                // H2 belongs to one appliance process, which creates decoys one at a time: starts follow each other.
                assertThat(createAll(node1)).as("first start").isEqualTo(DecoyId.all().size());
                assertThat(createAll(node2)).as("second start").isZero();
                decoysAreThereOnceAndCountAsNoRecord(node1);
                aLoginLooksUpTheRecordOrElseItsDecoyThroughThePrimaryKey(node2, false);
                fakeCountsFromBothNodesNeverLockADecoy(node1, node2);
                aFakeFinishLocksItsDecoysRowAndItsLockoutStatementNeverMatches(node1, node2, false);
            });
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** THREADS threads per node insert every decoy at once (no look-up first, so that the inserts really collide). */
    private void startTogether(EntityManagerFactory node1, EntityManagerFactory node2) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> starts = new ArrayList<>();
            for (int i = 0; i < 2 * THREADS; i++) {
                EntityManagerFactory node = i % 2 == 0 ? node1 : node2;
                List<DecoyId> order = new ArrayList<>(DecoyId.all());
                if (i % 4 >= 2) {
                    Collections.reverse(order); // some start from the other end: collisions on every row
                }
                Callable<Integer> start = () -> {
                    go.await();
                    int inserted = 0;
                    for (DecoyId decoy : order) { // one transaction per row, as DecoyRowKeeper does at start-up
                        inserted += inTransaction(node, em -> new JpaVaultRecordRepository(em).addDecoyIfAbsent(decoy(decoy))) ? 1 : 0;
                    }
                    return inserted;
                };
                starts.add(pool.submit(start));
            }
            go.countDown();
            int inserted = 0;
            for (Future<Integer> s : starts) {
                inserted += s.get(300, TimeUnit.SECONDS);
            }
            assertThat(inserted).as("inserts that reported success, over both nodes").isEqualTo(DecoyId.all().size());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void decoysAreThereOnceAndCountAsNoRecord(EntityManagerFactory node) {
        assertThat(scalar(node, "SELECT COUNT(*) FROM vault_record")).isEqualTo(DecoyId.all().size());
        assertThat(scalar(node, "SELECT COUNT(*) FROM vault_record WHERE state = 'ACTIVE' AND attempts = 0 AND version = 1"
                + " AND max_attempts = 100 AND wrapped_oprf_key IS NOT NULL AND sealed_record IS NOT NULL"))
                .isEqualTo(DecoyId.all().size());
        inTransaction(node, em -> {
            JpaVaultRecordRepository records = new JpaVaultRecordRepository(em);
            assertThat(records.countDecoys()).isEqualTo(DecoyId.all().size());
            assertThat(records.count()).as("decoys are no records").isZero();
            assertThat(records.countByState()).as("decoys are in no state's count").isEmpty();
            RecordId real = RecordId.of(random(32));
            records.add(new VaultRecord(real, Suite.P256_SHA256, 1, 10, random(80), random(33), random(157), random(88),
                    Instant.now()));
            assertThat(records.count()).isEqualTo(1);
            assertThat(records.countByState()).containsExactly(Map.entry(org.bkv.ejb.domain.vault.RecordState.ACTIVE, 1L));
            for (DecoyId decoy : DecoyId.all()) {
                VaultRecord row = records.findDecoy(decoy).orElseThrow();
                assertThat(row.decoy()).isTrue();
                assertThat(row.suite()).isEqualTo(decoy.suite());
            }
            em.getTransaction().setRollbackOnly();
            return null;
        });
    }

    /**
     * A login start's one look-up returns the record when there is one and its decoy otherwise, and both databases
     * answer it from the primary key (never a table scan: that would make logins slower as records grow).
     */
    private void aLoginLooksUpTheRecordOrElseItsDecoyThroughThePrimaryKey(EntityManagerFactory node, boolean postgres) {
        inTransaction(node, em -> {
            JpaVaultRecordRepository records = new JpaVaultRecordRepository(em);
            RecordId real = RecordId.of(random(32));
            RecordId unknown = RecordId.of(random(32));
            records.add(new VaultRecord(real, Suite.P256_SHA256, 1, 10, random(80), random(33), random(157), random(88),
                    Instant.now()));
            DecoyId decoy = DecoyId.forRecord(unknown, Suite.P256_SHA256);
            VaultRecord found = records.findForLogin(real, DecoyId.forRecord(real, Suite.P256_SHA256)).orElseThrow();
            assertThat(found.decoy()).isFalse();
            assertThat(found.id()).isEqualTo(real);
            VaultRecord instead = records.findForLogin(unknown, decoy).orElseThrow();
            assertThat(instead.decoy()).isTrue();
            assertThat(instead.storedId()).isEqualTo(decoy.value());
            if (postgres) {
                em.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate(); // a scan only if no index can serve
            }
            String plan = em.createNativeQuery("EXPLAIN " + VaultRecord.FIND_FOR_LOGIN_SQL
                    .replace("?1", "'" + unknown.value() + "'").replace("?2", "'" + decoy.value() + "'"))
                    .getResultList().toString();
            assertThat(plan).as(plan).doesNotContainIgnoringCase("seq scan").doesNotContainIgnoringCase("tableScan")
                    .containsIgnoringCase(postgres ? "index" : "primary_key");
            em.getTransaction().setRollbackOnly();
            return null;
        });
    }

    /**
     * One after the other, a decoy's counter goes up to max_attempts, is reset by the next use and goes up again. Then
     * 2 × 150 fake counts on one decoy from both nodes at once (more than its 100 attempts, so resets run under
     * contention too; two uses that both find it full may both reset it): it never locks and never leaves [0, 100].
     */
    private void fakeCountsFromBothNodesNeverLockADecoy(EntityManagerFactory node1, EntityManagerFactory node2) throws Exception {
        DecoyId sequential = DecoyId.of(Suite.P256_SHA256, 9);
        for (int i = 0; i < 2 * (DecoyId.MAX_ATTEMPTS + 1) + 3; i++) {
            inTransaction(i % 2 == 0 ? node1 : node2, em -> {
                new DecoyRows(new JpaVaultRecordRepository(em), null).count(sequential, Instant.now());
                return null;
            });
        }
        assertThat(scalar(node1, "SELECT attempts FROM vault_record WHERE id = '" + sequential.value() + "' AND state = 'ACTIVE'"))
                .as("100 up, reset, 100 up, reset, 3 up").isEqualTo(3);

        DecoyId decoy = DecoyId.of(Suite.RISTRETTO255_SHA512, 5);
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> counts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                EntityManagerFactory node = i % 2 == 0 ? node1 : node2;
                counts.add(pool.submit(() -> {
                    go.await();
                    return inTransaction(node, em -> {
                        new DecoyRows(new JpaVaultRecordRepository(em), null).count(decoy, Instant.now());
                        return null;
                    });
                }));
            }
            go.countDown();
            for (Future<?> c : counts) {
                c.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        String row = " FROM vault_record WHERE id = '" + decoy.value() + "'";
        assertThat(scalar(node1, "SELECT COUNT(*)" + row + " AND state = 'ACTIVE' AND sealed_record IS NOT NULL")).isEqualTo(1);
        assertThat(scalar(node1, "SELECT attempts" + row)).isBetween(0L, (long) DecoyId.MAX_ATTEMPTS);
        assertThat(scalar(node1, "SELECT COUNT(*) FROM vault_record WHERE id <> '" + decoy.value() + "' AND id <> '"
                + sequential.value() + "' AND attempts <> 0")).as("no other decoy was touched").isZero();
        assertThat(scalar(node2, "SELECT COUNT(*) FROM vault_record WHERE state <> 'ACTIVE'")).isZero();
    }

    /**
     * A fake finish's two statements on its decoy, as a failed real finish runs them on its record: the locking read
     * holds the decoy's row (another node's write on it waits, here until its lock timeout), and the lockout UPDATE,
     * with DESTROY, never matches a decoy, even one whose counter is full and which no login names, while the same
     * statement does lock and destroy a record in that state.
     */
    private void aFakeFinishLocksItsDecoysRowAndItsLockoutStatementNeverMatches(EntityManagerFactory node1,
                                                                               EntityManagerFactory node2, boolean postgres) {
        DecoyId decoy = DecoyId.of(Suite.P256_SHA256, 12);
        inTransaction(node1, em -> em.createNativeQuery("UPDATE vault_record SET attempts = max_attempts WHERE id = '"
                + decoy.value() + "'").executeUpdate());
        inTransaction(node1, em -> {
            JpaVaultRecordRepository records = new JpaVaultRecordRepository(em);
            VaultRecord row = records.findDecoyForUpdate(decoy).orElseThrow();
            assertThat(row.decoy()).isTrue();
            assertThat(row.storedId()).isEqualTo(decoy.value());
            String otherWrite = "UPDATE vault_record SET attempts = 0 WHERE id = '" + decoy.value() + "'";
            assertThatThrownBy(() -> inTransaction(node2, other -> {
                other.createNativeQuery(postgres ? "SET LOCAL lock_timeout = '300ms'" : "SET LOCK_TIMEOUT 300").executeUpdate();
                return other.createNativeQuery(otherWrite).executeUpdate();
            })).as("the decoy's row is locked by the fake finish").isInstanceOf(RuntimeException.class);
            assertThat(records.lockDecoyIfExhausted(decoy, true, Instant.now())).as("never locks a decoy").isFalse();

            RecordId real = RecordId.of(random(32));
            records.add(new VaultRecord(real, Suite.P256_SHA256, 1, 10, random(80), random(33), random(157), random(88),
                    Instant.now()));
            em.createNativeQuery("UPDATE vault_record SET attempts = max_attempts WHERE id = '" + real.value() + "'")
                    .executeUpdate();
            assertThat(records.lockIfExhausted(real, true, Instant.now())).as("the same statement locks a record").isTrue();
            em.clear();
            assertThat(count(em, "SELECT COUNT(*) FROM vault_record WHERE id = '" + real.value()
                    + "' AND state = 'LOCKED' AND wrapped_oprf_key IS NULL")).isEqualTo(1);
            em.getTransaction().setRollbackOnly();
            return null;
        });
        assertThat(scalar(node2, "SELECT COUNT(*) FROM vault_record WHERE id = '" + decoy.value()
                + "' AND state = 'ACTIVE' AND attempts = max_attempts AND wrapped_oprf_key IS NOT NULL"
                + " AND sealed_record IS NOT NULL AND sealed_backup_key IS NOT NULL")).as("the full decoy is intact").isEqualTo(1);
        inTransaction(node1, em -> em.createNativeQuery("UPDATE vault_record SET attempts = 0 WHERE id = '"
                + decoy.value() + "'").executeUpdate());
    }

    private static long count(jakarta.persistence.EntityManager em, String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }

    private static int createAll(EntityManagerFactory node) {
        int inserted = 0;
        for (DecoyId decoy : DecoyId.all()) {
            inserted += inTransaction(node, em -> new JpaVaultRecordRepository(em).addDecoyIfAbsent(decoy(decoy))) ? 1 : 0;
        }
        return inserted;
    }

    private static VaultRecord decoy(DecoyId id) {
        boolean p256 = id.suite() == Suite.P256_SHA256;
        return VaultRecord.decoy(id, new VaultKeys.DecoyMaterial(random(p256 ? 80 : 60), random(p256 ? 33 : 32),
                random(id.suite().registrationRecordLength() + 28), random(88)), Instant.now());
    }

    private interface TwoNodes {
        void run(EntityManagerFactory node1, EntityManagerFactory node2) throws Exception;
    }

    private static void withTwoNodes(String url, String user, String password, String driver, TwoNodes test) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        EntityManagerFactory node1 = node(url, user, password, driver);
        EntityManagerFactory node2 = node(url, user, password, driver);
        try {
            test.run(node1, node2);
        } finally {
            node1.close();
            node2.close();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
