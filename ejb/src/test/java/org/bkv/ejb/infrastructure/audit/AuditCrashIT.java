package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bkv.client.audit.AuditPublicKey;
import org.bkv.client.audit.ExportVerification;
import org.bkv.client.audit.ExportVerifier;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 proof 3: the JVM writing and sequencing audit events ({@link AuditWriterProcess}: JpaAuditLog, the
 * sequencer, bkv-audit in a real SoftHSM token, H2 file database) is killed with SIGKILL three times under heavy
 * writes, at random moments, and restarted on the same token and files. Afterwards: every event whose commit the
 * writer saw is in the log exactly once, indexes are dense, heads were signed after every restart, and the export
 * verifies with the token's audit key.
 */
class AuditCrashIT {

    private static final int KILLS = 3;

    @Test
    void killedWhileWritingTheLogContinuesDenseSignedAndVerifiable() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = Path.of("target/audit-crash").toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        SoftHsmToken token = SoftHsmToken.create(dir.resolve("hsm"), "bkv-audit-crash");
        Path pin = token.writeUserPinFile(dir.resolve("hsm/user.pin"));
        String url = "jdbc:h2:file:" + dir.resolve("db/bkv") + ";LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE";
        org.flywaydb.core.Flyway.configure().dataSource(url, "bkv", "bkv").locations("classpath:db/migration").load().migrate();

        List<Process> started = new ArrayList<>();
        try {
            killAndRestart(random, dir, token, pin, url, started);
        } finally {
            for (Process p : started) { // a failed assertion must not leave a writer running
                p.destroyForcibly();
            }
        }
        checkLog(seed, dir, url);
    }

    private void killAndRestart(Random random, Path dir, SoftHsmToken token, Path pin, String url, List<Process> started)
            throws Exception {
        long sizeBefore = 0;
        for (int boot = 1; boot <= KILLS; boot++) {
            Process writer = start(dir, token, pin, url, "boot-" + boot, "write");
            started.add(writer);
            long target = sizeBefore + 300 + random.nextInt(600);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            long[] progress;
            do { // read from the writer's status file: opening the H2 files here would make this JVM their host
                assertThat(writer.isAlive()).as("writer of boot %d is alive (see %s)", boot, dir.resolve("boot-" + boot + ".log")).isTrue();
                Thread.sleep(100);
                progress = progress(dir, "boot-" + boot);
                assertThat(System.nanoTime()).as("boot %d reached %d sequenced events in time", boot, target).isLessThan(deadline);
            } while (progress[0] < target || progress[1] == 0);
            Thread.sleep(random.nextInt(300)); // kill somewhere in the middle of writes, ticks and signatures
            writer.destroyForcibly();
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            sizeBefore = progress[0];
        }
        Process drain = start(dir, token, pin, url, "boot-drain", "drain");
        started.add(drain);
        assertThat(drain.waitFor(240, TimeUnit.SECONDS)).as("drain finished").isTrue();
        assertThat(drain.exitValue()).as("drain exit code (see %s)", dir.resolve("boot-drain.log")).isZero();
    }

    private void checkLog(long seed, Path dir, String url) throws Exception {

        long events = scalar(url, "SELECT COUNT(*) FROM audit_event");
        long size = scalar(url, "SELECT tree_size FROM audit_sequence");
        System.out.println("audit crash: seed " + seed + ", " + KILLS + " kills, " + events + " events, tree size " + size
                + ", " + scalar(url, "SELECT COUNT(*) FROM audit_tree_head") + " heads");
        // A commit torn by a crash showed as a row in the table but missing from an index (H2AtomicCommits): the table
        // read without any index must agree with what the indexes answered.
        assertThat(scalar(url, "SELECT COUNT(*) FROM audit_event USE INDEX ()")).as("rows, read without an index").isEqualTo(events);
        assertThat(scalar(url, "SELECT COUNT(*) FROM audit_event USE INDEX () WHERE leaf_index IS NULL"))
                .as("events left unsequenced, read without an index").isZero();
        assertThat(size).isEqualTo(events);
        assertThat(scalar(url, "SELECT COUNT(DISTINCT leaf_index) FROM audit_event")).isEqualTo(events);
        assertThat(scalar(url, "SELECT MAX(leaf_index) FROM audit_event")).isEqualTo(events - 1);
        for (int boot = 1; boot <= KILLS; boot++) {
            assertThat(scalar(url, "SELECT COUNT(*) FROM audit_tree_head WHERE signed_by = 'boot-" + boot + "'"))
                    .as("heads signed by boot %d", boot).isPositive();
        }
        assertThat(scalar(url, "SELECT MAX(tree_size) FROM audit_tree_head")).as("the last head covers everything").isEqualTo(size);

        Set<String> logged = new HashSet<>();
        try (Connection c = connect(url);
             PreparedStatement s = c.prepareStatement("SELECT detail FROM audit_event");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                assertThat(logged.add(rs.getString(1))).as("event %s once", rs.getString(1)).isTrue();
            }
        }
        long confirmed = 0;
        for (File file : dir.toFile().listFiles((d, name) -> name.startsWith("committed-"))) {
            for (String line : Files.readAllLines(file.toPath())) {
                String[] parts = line.split(" ");
                if (parts.length != 2) {
                    continue; // the last line may be cut by the kill: its commit is not confirmed
                }
                for (int k = 0; k < Integer.parseInt(parts[1]); k++) {
                    assertThat(logged).as("committed event %s/%d", parts[0], k).contains(parts[0] + "/" + k);
                    confirmed++;
                }
            }
        }
        assertThat(confirmed).isPositive().isLessThanOrEqualTo(events);

        ByteArrayOutputStream export = new ByteArrayOutputStream();
        try (Connection c = connect(url)) {
            AuditExports.write(c, 0, size, export);
        }
        ExportVerification verification = new ExportVerifier(
                AuditPublicKey.fromSpki(Files.readAllBytes(dir.resolve("audit-key.der"))), false)
                .verify(new java.io.ByteArrayInputStream(export.toByteArray()));
        assertThat(verification.failure()).isEmpty();
        assertThat(verification.vouchedEnd()).isEqualTo(size);
    }

    private static Process start(Path dir, SoftHsmToken token, Path pin, String url, String node, String mode) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), AuditWriterProcess.class.getName(),
                url, pin.toString(), token.label(), dir.toString(), node, mode));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(node + ".log").toFile());
        pb.environment().put(SoftHsmToken.CONF_ENV, token.confPath().toString());
        return pb.start();
    }

    /**
     * A connection, waiting while H2 refuses to open the files: a killed process touched the lock moments ago
     * ("Lock file recently modified"), or the writer is opening them and has not started its AUTO_SERVER yet
     * ("Database may be already in use"). Whoever opens the files first hosts them; the others connect to it.
     */
    private static Connection connect(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return DriverManager.getConnection(url, "bkv", "bkv");
            } catch (java.sql.SQLException e) {
                boolean busy = e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1
                        || String.valueOf(e.getMessage()).contains("Lock file");
                if (System.nanoTime() > deadline || !busy) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The writer's last reported {tree size, heads it signed}; zeros before its first report. */
    private static long[] progress(Path dir, String node) throws Exception {
        Path status = dir.resolve("status-" + node + ".txt");
        if (!Files.exists(status)) {
            return new long[] {0, 0};
        }
        String[] parts = Files.readString(status).trim().split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static long scalar(String url, String sql) throws Exception {
        try (Connection c = connect(url);
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
