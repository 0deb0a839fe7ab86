package org.bkv.benchmarks.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.infrastructure.audit.AuditSequencing;
import org.bkv.ejb.infrastructure.audit.AuditSigningStatus;
import org.bkv.ejb.infrastructure.audit.JpaAuditLog;
import org.bkv.hsm.Hsm;
import org.bkv.hsm.HsmConfig;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How many audit events per second the appliance's log takes with tree heads signed: {@code threads} writers each
 * commit one event per transaction through the production {@link JpaAuditLog} (as an audited vault operation does),
 * while the production {@link AuditSequencing} ticks every 250 ms and signs a head (bkv-audit in SoftHSM) at most
 * every 500 ms. Measures committed events/s, commit latency percentiles, and the sequencer's lag at the end.
 *
 * <pre>
 * SOFTHSM2_CONF=/tmp/bkv-bench/softhsm2.conf java -cp benchmarks/target/benchmarks.jar \
 *     org.bkv.benchmarks.audit.AuditAppendLoad [threads=4] [seconds=10] [jdbc-url (default: H2 file in /tmp)]
 * </pre>
 * A PostgreSQL URL is used with user postgres and no password (trust authentication).
 */
public final class AuditAppendLoad {

    private AuditAppendLoad() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path tmp = Files.createTempDirectory("bkv-audit-load-");
        String url = args.length > 2 ? args[2] : "jdbc:h2:file:" + tmp.resolve("bkv") + ";LOCK_TIMEOUT=10000";
        boolean postgres = url.startsWith("jdbc:postgresql:");
        DataSource dataSource = dataSource(url, postgres);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        if (!postgres) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0"); // as the appliance runs H2
            }
        }
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("bkv", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.jdbc.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", postgres ? "postgres" : "bkv",
                "jakarta.persistence.jdbc.password", postgres ? "" : "bkv",
                "eclipselink.connection-pool.default.max", Integer.toString(threads + 2),
                "eclipselink.logging.level", "WARNING"));
        try (Hsm hsm = openToken()) {
            AuditSequencing sequencing = new AuditSequencing(dataSource, hsm::auditSigner, "load", 500, System::currentTimeMillis);
            long before = sequencing.tick().treeSize();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger heads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            Future<?> sequencer = pool.submit(() -> {
                long signedSize = 0;
                while (running.get()) {
                    AuditSigningStatus status = sequencing.tick();
                    long size = status.lastSigned().map(h -> h.size()).orElse(0L);
                    if (size > signedSize) {
                        heads.incrementAndGet();
                        signedSize = size;
                    }
                    Thread.sleep(250);
                }
                return null;
            });
            long[][] latencies = new long[threads][];
            AtomicLong committed = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Future<?>[] writers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers[t] = pool.submit(() -> {
                    long[] mine = new long[1 << 20];
                    int n = 0;
                    while (System.nanoTime() < end && n < mine.length) {
                        long start = System.nanoTime();
                        EntityManager em = emf.createEntityManager();
                        try {
                            em.getTransaction().begin();
                            new JpaAuditLog(em, "load").record(AuditEvent.of(AuditEventType.ATTEMPT_COUNTED, Instant.now(),
                                    "load" + thread, "event " + n));
                            em.getTransaction().commit();
                        } finally {
                            if (em.getTransaction().isActive()) {
                                em.getTransaction().rollback();
                            }
                            em.close();
                        }
                        mine[n++] = System.nanoTime() - start;
                        committed.incrementAndGet();
                    }
                    latencies[thread] = Arrays.copyOf(mine, n);
                    return null;
                });
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            long writeEnd = System.nanoTime();
            long sequencedAtEnd = treeSize(dataSource);
            long drainStart = System.nanoTime();
            running.set(false);
            sequencer.get();
            pool.shutdown();
            AuditSigningStatus drained;
            do {
                Thread.sleep(100);
                drained = sequencing.tick();
            } while (drained.unsigned() > 0 || drained.treeSize() - before < committed.get());
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            double elapsed = (writeEnd - (end - TimeUnit.SECONDS.toNanos(seconds))) / 1e9;
            System.out.printf("audit append load: %s, %d writer threads, %.1f s%n", postgres ? "PostgreSQL" : "H2 file", threads, elapsed);
            System.out.printf("  committed %d events: %.0f events/s; commit latency p50 %.2f ms, p99 %.2f ms%n",
                    committed.get(), committed.get() / elapsed, percentile(all, 0.50), percentile(all, 0.99));
            System.out.printf("  sequencer: %d events not yet sequenced when the writers stopped; all sequenced and signed"
                    + " %d ms later; %d heads signed while writing, last head size %d%n", committed.get() + before - sequencedAtEnd,
                    drainMillis, heads.get(), drained.lastSigned().orElseThrow().size());
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_tree_head")) {
                rs.next();
                System.out.printf("  %d tree heads stored in all%n", rs.getLong(1));
            }
        } finally {
            emf.close();
        }
    }

    private static long treeSize(DataSource dataSource) throws java.sql.SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tree_size FROM audit_sequence")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static DataSource dataSource(String url, boolean postgres) {
        if (postgres) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            ds.setUser("postgres");
            return ds;
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("bkv");
        ds.setPassword("bkv");
        return ds;
    }

    /** A fresh token in the directory of SOFTHSM2_CONF, with the DESIGN §5 keys. */
    private static Hsm openToken() throws Exception {
        String conf = System.getenv(SoftHsmToken.CONF_ENV);
        if (conf == null) {
            throw new IllegalStateException("set SOFTHSM2_CONF (e.g. /tmp/bkv-bench/softhsm2.conf) before running this load");
        }
        SoftHsmToken token = SoftHsmToken.create(Path.of(conf).toAbsolutePath().getParent(),
                "audit-" + ProcessHandle.current().pid() % 100000);
        Hsm hsm = Hsm.open(HsmConfig.builder().tokenLabel(token.label()).pin(token.pinSource()).build());
        hsm.provisionKeys();
        return hsm;
    }
}
