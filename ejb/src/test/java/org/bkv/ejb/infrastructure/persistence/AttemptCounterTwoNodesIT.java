package org.bkv.ejb.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bkv.ejb.testing.JpaNodes.inTransaction;
import static org.bkv.ejb.testing.JpaNodes.node;
import static org.bkv.ejb.testing.JpaNodes.scalar;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.vault.LoginSession;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.infrastructure.audit.JpaAuditLog;
import org.bkv.ejb.testing.PostgresCluster;
import org.bkv.opaque.Suite;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 proof 3, across nodes: two appliance "nodes" (two separate EntityManagerFactories, each with its own
 * connection pool, RESOURCE_LOCAL, the production persistence unit and repositories) guess concurrently at one
 * record. Exactly maxAttempts attempts are ever consumed, and when all of them fail concurrently the record locks
 * exactly once with its key material overwritten. Against a throwaway PostgreSQL cluster and against H2.
 */
class AttemptCounterTwoNodesIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ATTEMPTS = 10;
    private static final int GUESSES = 200;
    private static final int THREADS = 16;

    @Test
    void twoPostgresNodesHandOutExactlyMaxAttemptsAndLockOnce() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start()) {
            exactlyMaxAttemptsAcrossTwoNodes(pg.jdbcUrl(), pg.user(), "", "org.postgresql.Driver");
        }
    }

    @Test
    void twoH2ConnectionsPoolsHandOutExactlyMaxAttemptsAndLockOnce() throws Exception {
        Path dir = Files.createTempDirectory("bkv-h2-");
        try {
            exactlyMaxAttemptsAcrossTwoNodes("jdbc:h2:file:" + dir.resolve("bkv") + ";LOCK_TIMEOUT=10000", "bkv", "bkv", "org.h2.Driver");
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void exactlyMaxAttemptsAcrossTwoNodes(String url, String user, String password, String driver) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        EntityManagerFactory node1 = node(url, user, password, driver);
        EntityManagerFactory node2 = node(url, user, password, driver);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            RecordId id = RecordId.of(random(32));
            Instant now = Instant.now();
            inTransaction(node1, em -> {
                new JpaVaultRecordRepository(em).add(new VaultRecord(id, Suite.P256_SHA256, 1, MAX_ATTEMPTS, random(40),
                        random(33), random(157), random(92), now));
                return null;
            });

            // 200 guesses, 16 threads, alternating nodes: each consumes an attempt and stores its login in one transaction.
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> guesses = new ArrayList<>();
            for (int i = 0; i < GUESSES; i++) {
                EntityManagerFactory node = i % 2 == 0 ? node1 : node2;
                Callable<String> guess = () -> {
                    go.await();
                    return inTransaction(node, em -> {
                        Instant t = Instant.now();
                        if (!new JpaVaultRecordRepository(em).consumeAttempt(id, Suite.P256_SHA256, t)) {
                            return null;
                        }
                        String loginId = Base64.getUrlEncoder().withoutPadding().encodeToString(random(16));
                        new JpaLoginSessionRepository(em).add(new LoginSession(loginId, id, 1, Suite.P256_SHA256, random(92),
                                true, t, t.plus(Duration.ofMinutes(5))));
                        new JpaAuditLog(em).record(AuditEvent.of(AuditEventType.ATTEMPT_COUNTED, t, id.prefix(), "test"));
                        return loginId;
                    });
                };
                guesses.add(pool.submit(guess));
            }
            go.countDown();
            List<String> logins = new ArrayList<>();
            for (Future<String> g : guesses) {
                String login = g.get(300, TimeUnit.SECONDS);
                if (login != null) {
                    logins.add(login);
                }
            }
            assertThat(logins).as("KE2 handed out across both nodes").hasSize(MAX_ATTEMPTS);
            assertThat(scalar(node2, "SELECT attempts FROM vault_record WHERE id = '" + id.value() + "'")).isEqualTo(MAX_ATTEMPTS);
            assertThat(scalar(node1, "SELECT COUNT(*) FROM vault_login WHERE counted = TRUE")).isEqualTo(MAX_ATTEMPTS);
            assertThat(scalar(node1, "SELECT COUNT(*) FROM audit_event WHERE event_type = 'ATTEMPT_COUNTED'")).isEqualTo(MAX_ATTEMPTS);

            // Every KE3 fails, concurrently on both nodes: the record must lock exactly once, after the last failure.
            CountDownLatch finish = new CountDownLatch(1);
            List<Future<Boolean>> failures = new ArrayList<>();
            for (int i = 0; i < logins.size(); i++) {
                EntityManagerFactory node = i % 2 == 0 ? node1 : node2;
                String loginId = logins.get(i);
                Callable<Boolean> failed = () -> {
                    finish.await();
                    return inTransaction(node, em -> {
                        Instant t = Instant.now();
                        JpaVaultRecordRepository records = new JpaVaultRecordRepository(em);
                        records.findForUpdate(id);
                        assertThat(new JpaLoginSessionRepository(em).markUsed(loginId, t)).isTrue();
                        return records.lockIfExhausted(id, true, t);
                    });
                };
                failures.add(pool.submit(failed));
            }
            finish.countDown();
            int locks = 0;
            for (Future<Boolean> f : failures) {
                locks += f.get(300, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(locks).as("lockouts").isEqualTo(1);
            assertThat(scalar(node1, "SELECT COUNT(*) FROM vault_record WHERE state = 'LOCKED' AND wrapped_oprf_key IS NULL"
                    + " AND sealed_backup_key IS NULL AND sealed_record IS NULL")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
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
