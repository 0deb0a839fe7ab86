package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bkv.client.audit.AuditPublicKey;
import org.bkv.client.audit.ExportVerification;
import org.bkv.client.audit.ExportVerifier;
import org.bkv.ejb.audit.tree.InMemoryTree;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.testing.PostgresCluster;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §10 for the audit log: two appliance nodes (separate connection pools, the production JpaAuditLog and
 * sequencer) write events from 8 threads while both sequencers tick and sign concurrently, on one PostgreSQL and on
 * one H2 database. Afterwards: every committed event has exactly one index, the indexes are dense, one head per size,
 * every head's root is the tree over the events before it, and the export verifies.
 */
class AuditTwoNodesIT {

    private static final int EVENTS = 1_200;
    private static final int WRITERS = 8;

    @Test
    void twoNodesOnPostgresKeepTheLogDenseAndConsistent() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start();
             AuditTestDatabase node1 = AuditTestDatabase.postgres(pg.jdbcUrl(), "node-1");
             AuditTestDatabase node2 = AuditTestDatabase.postgres(pg.jdbcUrl(), "node-2")) {
            writeAndSequenceConcurrently(node1, node2);
        }
    }

    @Test
    void twoNodesOnH2KeepTheLogDenseAndConsistent() throws Exception {
        Path dir = Files.createTempDirectory("bkv-audit-h2-");
        String url = "jdbc:h2:file:" + dir.resolve("bkv") + ";LOCK_TIMEOUT=10000";
        try (AuditTestDatabase node1 = AuditTestDatabase.h2(url, "node-1");
             AuditTestDatabase node2 = AuditTestDatabase.h2(url, "node-2")) {
            writeAndSequenceConcurrently(node1, node2);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void writeAndSequenceConcurrently(AuditTestDatabase node1, AuditTestDatabase node2) throws Exception {
        SoftwareAuditSigner signer = new SoftwareAuditSigner();
        AuditSequencing sequencer1 = node1.sequencing(() -> signer, 0);
        AuditSequencing sequencer2 = node2.sequencing(() -> signer, 0);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ticks = new AtomicInteger();
        try {
            List<Future<?>> sequencers = new ArrayList<>();
            for (AuditSequencing sequencing : List.of(sequencer1, sequencer2)) {
                sequencers.add(pool.submit(() -> {
                    while (writing.get()) {
                        sequencing.tick();
                        ticks.incrementAndGet();
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                AuditTestDatabase node = w % 2 == 0 ? node1 : node2;
                writers.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < EVENTS; n = next.getAndIncrement()) {
                        node.record(AuditEvent.of(AuditEventType.ATTEMPT_COUNTED, Instant.now(), "n" + n, "event " + n));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(300, TimeUnit.SECONDS);
            }
            long writeNanos = System.nanoTime() - start;
            writing.set(false);
            for (Future<?> sequencer : sequencers) {
                sequencer.get(300, TimeUnit.SECONDS);
            }
            System.out.printf("audit two nodes: %d events from %d writers in %.1f ms (%.0f events/s committed),"
                    + " %d sequencer ticks%n", EVENTS, WRITERS, writeNanos / 1e6, EVENTS / (writeNanos / 1e9), ticks.get());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        sequencer1.tick();

        assertThat(node1.scalar("SELECT COUNT(*) FROM audit_event")).isEqualTo(EVENTS);
        assertThat(node1.scalar("SELECT COUNT(*) FROM audit_event WHERE leaf_index IS NULL")).isZero();
        assertThat(node1.scalar("SELECT COUNT(DISTINCT leaf_index) FROM audit_event")).isEqualTo(EVENTS);
        assertThat(node1.scalar("SELECT MIN(leaf_index) FROM audit_event")).isZero();
        assertThat(node1.scalar("SELECT MAX(leaf_index) FROM audit_event")).isEqualTo(EVENTS - 1);
        assertThat(node1.scalar("SELECT tree_size FROM audit_sequence")).isEqualTo(EVENTS);
        assertThat(node1.scalar("SELECT COUNT(DISTINCT node) FROM audit_event")).as("both nodes wrote").isEqualTo(2);
        long expectedSubtrees = 0;
        for (int level = 1; (EVENTS >> level) > 0; level++) {
            expectedSubtrees += EVENTS >> level;
        }
        assertThat(node1.scalar("SELECT COUNT(*) FROM audit_subtree")).isEqualTo(expectedSubtrees);

        InMemoryTree reference = new InMemoryTree();
        try (Connection c = node2.connection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT entry FROM audit_event ORDER BY leaf_index");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reference.append(AuditSequencingTest.sha256(new byte[] {0}, rs.getBytes(1)));
                }
            }
            MerkleTree stored = MerkleTree.over(JdbcAuditStore.subtrees(c, EVENTS));
            long heads = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT tree_size, root_hash FROM audit_tree_head ORDER BY tree_size");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    heads++;
                    assertThat(rs.getBytes(2)).as("root of head %d", rs.getLong(1))
                            .isEqualTo(reference.proofs().rootHash(rs.getLong(1)))
                            .isEqualTo(stored.rootHash(rs.getLong(1)));
                }
            }
            assertThat(heads).isPositive();
            ByteArrayOutputStream export = new ByteArrayOutputStream();
            AuditExports.write(c, 0, EVENTS, export);
            ExportVerification verification = new ExportVerifier(AuditPublicKey.fromSpki(signer.publicKeySpki()), false)
                    .verify(new ByteArrayInputStream(export.toByteArray()));
            assertThat(verification.failure()).isEmpty();
            assertThat(verification.vouchedEnd()).isEqualTo(EVENTS);
        }
    }
}
