package org.bkv.ejb.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link H2AtomicCommits} against the failure it exists for: the JVM writing an embedded H2 file through
 * {@link H2AtomicCommitDataSource} ({@link H2TornCommitWriter}: four threads, each transaction inserts rows into a
 * table with two indexes and adds their number to a counter) is killed with SIGKILL eight times at random moments.
 * After each kill the files are opened again, through the same data source, and must hold whole commits only and
 * nothing of what was not committed: the counter equals the rows, and the table read without an index, through one
 * index and through the other hold the same number of rows.
 *
 * <p>Run with {@code -Dbkv.h2crash.mode=raw} (H2's own data source) this test fails: a commit torn at the first kill.
 * Without the sweep it failed once in CI: an index entry of an insert that was never committed, counted after kill 4.
 */
class H2AtomicCommitsCrashIT {

    private static final int KILLS = 8;

    @Test
    void killedWritersLeaveOnlyWholeCommits() throws Exception {
        String mode = System.getProperty("bkv.h2crash.mode", "guarded");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = Path.of("target/h2-atomic-crash").toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve("db/test") + ";LOCK_TIMEOUT=10000";
        List<String> torn = new ArrayList<>();
        long rows = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            Files.deleteIfExists(dir.resolve("started"));
            Process writer = start(url, mode, dir, kill);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(dir.resolve("started"))) {
                    assertThat(writer.isAlive()).as("writer %d is alive (see %s)", kill, dir.resolve("writer-" + kill + ".log")).isTrue();
                    assertThat(System.nanoTime()).as("writer %d started in time", kill).isLessThan(deadline);
                    Thread.sleep(20);
                }
                Thread.sleep(200 + random.nextInt(1000));
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            long[] counts = counts(url, mode);
            rows = counts[1];
            System.out.printf("h2 atomic crash (%s, seed %d): kill %d: counter %d, rows scanned %d, via index a %d, via index b %d%n",
                    mode, seed, kill, counts[0], counts[1], counts[2], counts[3]);
            if (counts[0] != counts[1] || counts[1] != counts[2] || counts[1] != counts[3]) {
                torn.add("kill " + kill + ": counter " + counts[0] + ", scanned " + counts[1] + ", index a " + counts[2]
                        + ", index b " + counts[3]);
            }
        }
        assertThat(torn).as("commits torn by a kill (%s, seed %d)", mode, seed).isEmpty();
        assertThat(rows).as("the writers committed something").isPositive();
    }

    /**
     * {counter, rows read without an index, rows through index a, rows through index b}, read as the appliance would
     * after a crash: through {@link H2AtomicCommitDataSource}, whose first connection sweeps what the crash left of
     * transactions that no longer exist ({@link H2OrphanSweep}); in {@code raw} mode as H2 leaves it.
     */
    private static long[] counts(String url, String mode) throws Exception {
        try (Connection c = connect(url, mode); Statement s = c.createStatement()) {
            String viaA = "SELECT COUNT(*) FROM item USE INDEX (item_a) WHERE a >= ''";
            String viaB = "SELECT COUNT(*) FROM item USE INDEX (item_b) WHERE b >= " + Long.MIN_VALUE;
            assertThat(plan(s, viaA)).contains("ITEM_A");
            assertThat(plan(s, viaB)).contains("ITEM_B");
            assertThat(plan(s, "SELECT COUNT(*) FROM item USE INDEX () WHERE id IS NOT NULL")).contains("tableScan");
            return new long[] {scalar(s, "SELECT n FROM counter WHERE id = 1"),
                    scalar(s, "SELECT COUNT(*) FROM item USE INDEX () WHERE id IS NOT NULL"), scalar(s, viaA), scalar(s, viaB)};
        }
    }

    private static String plan(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getLong(1);
        }
    }

    /** A connection, waiting while H2 refuses the files a killed process touched a moment ago. */
    private static Connection connect(String url, String mode) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        H2AtomicCommitDataSource guarded = new H2AtomicCommitDataSource();
        guarded.setURL(url);
        guarded.setUser("sa");
        guarded.setPassword("");
        while (true) {
            try {
                return "raw".equals(mode) ? DriverManager.getConnection(url, "sa", "") : guarded.getConnection();
            } catch (SQLException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("ock")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static Process start(String url, String mode, Path dir, int kill) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), H2TornCommitWriter.class.getName(), url, mode, dir.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("writer-" + kill + ".log").toFile()).start();
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
