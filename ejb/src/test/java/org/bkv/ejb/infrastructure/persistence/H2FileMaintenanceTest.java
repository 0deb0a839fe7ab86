package org.bkv.ejb.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maintenance against real H2 files under the write pattern that made the appliance's file grow. */
class H2FileMaintenanceTest {

    private static final Logger LOG = Logger.getLogger(H2FileMaintenanceTest.class.getName());
    private static final int WRITERS = 2;
    private static final int COMMITS_PER_WRITER = 8_000;

    @TempDir
    Path dir;

    @Test
    void aMaintainedFileStaysAFractionOfAnUnmaintainedOneAndKeepsEveryRow() throws Exception {
        JdbcDataSource plain = database("plain");
        JdbcDataSource maintained = database("maintained");
        try (Connection holdPlain = plain.getConnection(); Connection holdMaintained = maintained.getConnection();
             H2FileMaintenance maintenance = new H2FileMaintenance(maintained, H2Maintenance.WRITE_BUDGET)) {
            write(plain, null);
            write(maintained, maintenance);

            long plainBytes = Files.size(dir.resolve("plain.mv.db"));
            long maintainedBytes = Files.size(dir.resolve("maintained.mv.db"));
            LOG.info(() -> "after " + WRITERS * COMMITS_PER_WRITER + " commits: unmaintained " + plainBytes / 1_000_000
                    + " MB, maintained " + maintainedBytes / 1_000_000 + " MB");
            assertTrue(plainBytes > 4 * maintainedBytes,
                    "unmaintained " + plainBytes + " bytes, maintained " + maintainedBytes + " bytes");
            assertEquals(0, ((MVStore) H2FileMaintenance.mvStore(holdMaintained)).getRetentionTime());
            assertEquals(45_000, ((MVStore) H2FileMaintenance.mvStore(holdPlain)).getRetentionTime());
        }
        // Closed (the last connection went) and opened again: every row is there, in both.
        for (JdbcDataSource source : List.of(plain, maintained)) {
            try (Connection connection = source.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*), (SELECT SUM(n) FROM hot) FROM item")) {
                rows.next();
                assertEquals(WRITERS * COMMITS_PER_WRITER, rows.getLong(1));
                assertEquals(WRITERS * COMMITS_PER_WRITER, rows.getLong(2));
            }
        }
    }

    @Test
    void aVersionIsPinnedFromOneCheckpointToTheNextAndReleasedOnClose() throws Exception {
        JdbcDataSource source = database("pin");
        try (Connection hold = source.getConnection()) {
            MVStore store = (MVStore) H2FileMaintenance.mvStore(hold);
            H2FileMaintenance maintenance = new H2FileMaintenance(source, H2Maintenance.WRITE_BUDGET);
            IllegalStateException early = assertThrows(IllegalStateException.class, maintenance::compact);
            assertEquals("compact before the first checkpoint", early.getMessage());
            maintenance.checkpoint();
            assertEquals(0, store.getRetentionTime(), "the pin stands in for the retention time from the first checkpoint");
            long pinned = store.getCurrentVersion();
            commits(source, 20);
            assertTrue(store.getCurrentVersion() >= pinned + 20);
            assertEquals(pinned, oldestVersionToKeep(store), "the checkpoint's version is held until the next one");

            maintenance.checkpoint();
            long next = store.getCurrentVersion();
            commits(source, 5);
            assertEquals(next, oldestVersionToKeep(store), "the next checkpoint moved the pin");
            maintenance.compact();
            assertEquals(next, oldestVersionToKeep(store), "a compaction leaves the pin where it is");

            maintenance.close();
            commits(source, 1);
            assertTrue(oldestVersionToKeep(store) > next, "after close nothing is held back");
        }
    }

    @Test
    void findsTheStoreBehindAPoolWrapperThatExposesGetConnection() throws Exception {
        JdbcDataSource source = database("wrapped");
        try (Connection physical = source.getConnection()) {
            Connection wrapped = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class, PoolWrapper.class},
                    (proxy, method, args) -> method.getName().equals("getConnection") ? physical
                            : method.invoke(physical, args));
            assertSame(H2FileMaintenance.mvStore(physical), H2FileMaintenance.mvStore(wrapped));
        }
    }

    @Test
    void onlyAnEmbeddedH2FileQualifies() throws Exception {
        assertTrue(H2FileMaintenance.isEmbeddedH2(database("file")));
        JdbcDataSource withoutPrefix = new JdbcDataSource();
        withoutPrefix.setURL("jdbc:h2:" + dir.resolve("no-prefix"));
        assertTrue(H2FileMaintenance.isEmbeddedH2(withoutPrefix), "a file URL without file: is one too");
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:maintenance-" + UUID.randomUUID());
        assertFalse(H2FileMaintenance.isEmbeddedH2(memory));
    }

    @Test
    void aConnectionWithoutH2BehindItIsAClearError() {
        Connection other = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> null);
        SQLException e = assertThrows(SQLException.class, () -> H2FileMaintenance.mvStore(other));
        assertTrue(e.getMessage().startsWith("no H2 connection behind "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new H2FileMaintenance(database("budget"), 0));
    }

    /** What Payara's pool wrapper offers: the physical connection as a public getConnection(). */
    public interface PoolWrapper {
        Connection getConnection();
    }

    private JdbcDataSource database(String name) throws SQLException {
        JdbcDataSource source = new JdbcDataSource();
        // WRITE_DELAY 0 as the appliance's Database sets it; in the URL, since H2 applies its default on every open
        source.setURL("jdbc:h2:file:" + dir.resolve(name) + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        source.setUser("bkv");
        source.setPassword("bkv");
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id VARCHAR(36) PRIMARY KEY, payload VARBINARY(300))");
            statement.execute("CREATE TABLE hot (id INT PRIMARY KEY, n BIGINT)");
            statement.execute("INSERT INTO hot SELECT X, 0 FROM SYSTEM_RANGE(1, 200)");
        }
        return source;
    }

    /**
     * The appliance's pattern, as in the load that grew its file: each commit inserts a row under a random key (logins,
     * audit events) and updates a row of a small hot set (attempt counters). With maintenance, a thread ticks every
     * 100 ms meanwhile.
     */
    private static void write(DataSource source, H2FileMaintenance maintenance) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread ticker = new Thread(() -> {
            while (!done.get() && maintenance != null) {
                try {
                    maintenance.tick();
                    Thread.sleep(100);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    return;
                }
            }
        });
        ticker.start();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Thread writer = new Thread(() -> {
                try {
                    commits(source, COMMITS_PER_WRITER);
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        done.set(true);
        ticker.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void commits(DataSource source, int count) throws SQLException {
        try (Connection connection = source.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)");
             PreparedStatement update = connection.prepareStatement("UPDATE hot SET n = n + 1 WHERE id = ?")) {
            connection.setAutoCommit(false);
            byte[] payload = new byte[300];
            for (int i = 0; i < count; i++) {
                ThreadLocalRandom.current().nextBytes(payload);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setBytes(2, payload);
                insert.executeUpdate();
                update.setInt(1, 1 + ThreadLocalRandom.current().nextInt(200));
                update.executeUpdate();
                connection.commit();
            }
        }
    }

    /** H2's oldest version to keep (package-private in H2): what no chunk reuse may reach. */
    private static long oldestVersionToKeep(MVStore store) throws Exception {
        var method = MVStore.class.getDeclaredMethod("getOldestVersionToKeep");
        method.setAccessible(true);
        return (Long) method.invoke(store);
    }
}
