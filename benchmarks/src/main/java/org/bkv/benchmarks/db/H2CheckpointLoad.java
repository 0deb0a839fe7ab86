package org.bkv.benchmarks.db;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bkv.ejb.infrastructure.persistence.H2AtomicCommitDataSource;
import org.bkv.ejb.infrastructure.persistence.H2FileMaintenance;

/**
 * What the H2 checkpoint interval costs per recovery: a model of a recovery's two transactions against an embedded H2
 * file opened as the appliance opens it ({@link H2AtomicCommitDataSource}, {@code WRITE_DELAY 0}), with
 * {@link H2FileMaintenance} checkpointing every {@code checkpointMillis} and compacting every second, paced to a
 * fixed rate so that only the interval differs between runs. A "recovery" is a login start (counter update on one of
 * 200 records, a login row under a random key, an audit row) and a finish (login marked used, counter reset, an
 * audit row); the audit sequencer is left out. Prints the process CPU per recovery over the measured phase and how
 * much of it the maintenance thread used.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.bkv.benchmarks.db.H2CheckpointLoad CHECKPOINT_MS RATE SECONDS [THREADS]
 * </pre>
 * To run the H2 the appliance runs (Payara Micro's 2.2.224), put its jar first on the class path.
 */
public final class H2CheckpointLoad {

    private static final int RECORDS = 200;
    /**
     * Tables that are never written, each with an index: every commit visits every open map (H2's
     * {@code MVStore.collectChangedMapRoots}), and the appliance's schema has ≈ 50 of them (counted in a heap histogram).
     */
    private static final int IDLE_TABLES = 20;

    private H2CheckpointLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: H2CheckpointLoad CHECKPOINT_MS RATE SECONDS [THREADS]");
            System.exit(2);
        }
        long checkpointMillis = Long.parseLong(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path dir = Files.createTempDirectory("bkv-h2-checkpoint");
        H2AtomicCommitDataSource source = new H2AtomicCommitDataSource();
        source.setURL("jdbc:h2:file:" + dir.resolve("model") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        source.setUser("bkv");
        source.setPassword("bkv");
        try (Connection hold = source.getConnection()) {
            schema(hold);
            run(source, checkpointMillis, rate, seconds, threads, hold.getMetaData().getDatabaseProductVersion(), dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(H2AtomicCommitDataSource source, long checkpointMillis, int rate, int seconds, int threads,
                            String h2Version, Path dir) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong recoveries = new AtomicLong();
        AtomicLong maintenanceCpu = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        H2FileMaintenance maintenance = new H2FileMaintenance(source, 2 << 20);
        Thread maintainer = new Thread(() -> {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try {
                while (!stop.get()) {
                    maintenance.checkpointAndCompactWhenDue(Duration.ofSeconds(1));
                    maintenanceCpu.set(mx.getCurrentThreadCpuTime());
                    Thread.sleep(checkpointMillis);
                }
            } catch (Exception e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "maintenance");
        maintainer.start();
        long periodNanos = TimeUnit.SECONDS.toNanos(threads) / rate; // each thread's share of the rate
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long next = System.nanoTime();
                try (Connection c = source.getConnection()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        recovery(c);
                        recoveries.incrementAndGet();
                        next += periodNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "worker-" + t);
            worker.start();
            workers.add(worker);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // warm-up as long as the measurement
        long cpu0 = os.getProcessCpuTime();
        long ops0 = recoveries.get();
        long maint0 = maintenanceCpu.get();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long cpu1 = os.getProcessCpuTime();
        long ops1 = recoveries.get();
        long maint1 = maintenanceCpu.get();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        maintainer.join();
        maintenance.close();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the model failed: " + failures.get(0), failures.get(0));
        }
        long ops = ops1 - ops0;
        System.out.printf("H2 %s, checkpoint every %d ms, %d threads: %.1f recoveries/s (asked %d); process CPU %.3f ms"
                        + " per recovery, of which maintenance %.3f ms; file %d MB%n", h2Version, checkpointMillis,
                threads, ops / elapsed, rate, (cpu1 - cpu0) / 1e6 / ops, (maint1 - maint0) / 1e6 / ops,
                Files.size(dir.resolve("model.mv.db")) >> 20);
    }

    private static void schema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE record (id VARCHAR(43) PRIMARY KEY, attempts INT NOT NULL, sealed VARBINARY(400),"
                    + " version BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE login (id VARCHAR(22) PRIMARY KEY, record_id VARCHAR(43) NOT NULL,"
                    + " sealed VARBINARY(200) NOT NULL, used BOOLEAN NOT NULL, expires_at TIMESTAMP NOT NULL)");
            s.execute("CREATE INDEX login_record ON login (record_id)");
            s.execute("CREATE INDEX login_expires ON login (expires_at)");
            s.execute("CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, occurred_at TIMESTAMP NOT NULL,"
                    + " event_type VARCHAR(40) NOT NULL, subject VARCHAR(16), detail VARCHAR(200), leaf_index BIGINT)");
            s.execute("CREATE INDEX audit_time ON audit (occurred_at)");
            s.execute("CREATE INDEX audit_pending ON audit (leaf_index, occurred_at)");
            for (int i = 0; i < IDLE_TABLES; i++) {
                s.execute("CREATE TABLE idle_" + i + " (id BIGINT PRIMARY KEY, name VARCHAR(40))");
                s.execute("CREATE INDEX idle_" + i + "_name ON idle_" + i + " (name)");
            }
            s.execute("INSERT INTO record SELECT 'record-' || X, 0, RANDOM_UUID(), 1, CURRENT_TIMESTAMP"
                    + " FROM SYSTEM_RANGE(1, " + RECORDS + ")");
        }
        c.commit();
    }

    private static void recovery(Connection c) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String record = "record-" + (1 + random.nextInt(RECORDS));
        String login = UUID.randomUUID().toString().substring(0, 22);
        Timestamp now = new Timestamp(System.currentTimeMillis());
        byte[] sealed = new byte[160];
        random.nextBytes(sealed);
        update(c, "UPDATE record SET attempts = attempts + 1, updated_at = ? WHERE id = ? AND attempts < 10", now, record);
        update(c, "INSERT INTO login (id, record_id, sealed, used, expires_at) VALUES (?, ?, ?, FALSE, ?)", login, record,
                sealed, new Timestamp(now.getTime() + 60_000));
        audit(c, "ATTEMPT_COUNTED", record, now);
        c.commit();
        update(c, "UPDATE login SET used = TRUE WHERE id = ? AND used = FALSE", login);
        update(c, "UPDATE record SET attempts = 0, updated_at = ? WHERE id = ?", now, record);
        audit(c, "RECOVERY_SUCCEEDED", record, now);
        c.commit();
    }

    private static void audit(Connection c, String type, String record, Timestamp now) throws SQLException {
        update(c, "INSERT INTO audit (occurred_at, event_type, subject, detail) VALUES (?, ?, ?, ?)", now, type,
                record.substring(0, Math.min(16, record.length())), "a detail of about the length the appliance writes");
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            p.executeUpdate();
        }
    }
}
