package org.bkv.ejb.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link H2AtomicCommits} and {@link H2AtomicCommitDataSource} on real H2 files (the crash itself: H2AtomicCommitsCrashIT). */
class H2AtomicCommitsTest {

    @TempDir
    Path dir;

    private H2AtomicCommitDataSource dataSource(String name) {
        H2AtomicCommitDataSource ds = new H2AtomicCommitDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve(name) + ";LOCK_TIMEOUT=2000");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Test
    void commitsRollbacksAndAutoCommitWritesBehaveAsH2sOwn() throws Exception {
        H2AtomicCommitDataSource ds = dataSource("semantics");
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(c.isWrapperFor(H2AtomicCommits.Guarded.class)).isTrue();
            assertThat(c.getAutoCommit()).isTrue();
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
            assertThat(s.executeUpdate("INSERT INTO t VALUES (1, 'auto')")).isEqualTo(1);
            assertThat(count(other, "SELECT COUNT(*) FROM t")).as("an auto-commit write is committed").isEqualTo(1);

            // A failing auto-commit write: H2's own error, nothing left behind, still in auto-commit mode.
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1, 'twice')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            assertThat(c.getAutoCommit()).isTrue();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                p.setInt(1, 2);
                p.setString(2, "x".repeat(11)); // too long for VARCHAR(10)
                assertThatThrownBy(p::executeUpdate).isInstanceOf(SQLException.class);
                assertThat(p.getConnection()).as("statements answer the guarded connection").isSameAs(c);
            }
            assertThat(count(other, "SELECT COUNT(*) FROM t")).isEqualTo(1);

            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (3, 'rolled')");
            c.rollback();
            s.executeUpdate("INSERT INTO t VALUES (4, 'kept')");
            assertThat(count(other, "SELECT COUNT(*) FROM t WHERE id = 4")).as("not before the commit").isZero();
            c.commit();
            assertThat(count(other, "SELECT COUNT(*) FROM t")).isEqualTo(2);
            s.executeUpdate("INSERT INTO t VALUES (5, 'on switch')");
            c.setAutoCommit(true); // commits the open transaction, as JDBC says
            assertThat(count(other, "SELECT COUNT(*) FROM t")).isEqualTo(3);
        }
        // Closed and opened again: exactly the committed rows.
        try (Connection c = ds.getConnection()) {
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isEqualTo(3);
            assertThat(count(c, "SELECT COUNT(*) FROM t WHERE id IN (1, 4, 5)")).isEqualTo(3);
        }
    }

    @Test
    void shutdownThroughAGuardedConnectionClosesTheDatabaseCleanly() throws Exception {
        H2AtomicCommitDataSource ds = dataSource("shutdown");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.executeUpdate("INSERT INTO t VALUES (7)");
            s.execute("SHUTDOWN"); // as ApplianceInContainerIT closes the database under the pool
            assertThat(c.isClosed()).isTrue();
        }
        try (Connection c = ds.getConnection()) {
            assertThat(count(c, "SELECT COUNT(*) FROM t WHERE id = 7")).isEqualTo(1);
        }
    }

    @Test
    void noChunkIsWrittenWhileACommitIsInsideTheGateAndOneIsWrittenAfter() throws Exception {
        H2AtomicCommitDataSource ds = dataSource("gate");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            MVStore store = (MVStore) H2FileMaintenance.mvStore(c);
            H2AtomicCommits.Gate gate = H2AtomicCommits.Gate.of(store);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1)");
            long before = store.getCurrentVersion();
            CompletableFuture<Long> step = CompletableFuture.supplyAsync(() -> {
                try {
                    return gate.atomically(() -> {
                        H2FileMaintenance.mvStore(c); // (still reachable inside)
                        store.commit(); // H2's own store from inside the step: refused
                        long inStep = store.getCurrentVersion();
                        inside.countDown();
                        release.await();
                        return inStep;
                    });
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Long> otherThread = CompletableFuture.supplyAsync(store::commit);
            assertThatThrownBy(() -> otherThread.get(300, TimeUnit.MILLISECONDS))
                    .as("another thread's chunk waits for the step").isInstanceOf(TimeoutException.class);
            release.countDown();
            assertThat(step.get(10, TimeUnit.SECONDS)).as("no chunk inside the step").isEqualTo(before);
            otherThread.get(10, TimeUnit.SECONDS);
            assertThat(store.getCurrentVersion()).as("a chunk after it").isGreaterThan(before);
            assertThat(store.hasUnsavedChanges()).isFalse();
            c.rollback();
        }
    }

    /**
     * An orphan as a crash leaves it (an entry marked uncommitted by a transaction that no longer exists), planted in
     * the table's map by hand: an insert of row 2 and an update of row 1. The sweep puts both back, and only then; a
     * database closed without {@code closedCleanly} (as by a crash) is swept when opened again, one closed cleanly is not.
     */
    @Test
    void orphansOfCrashedTransactionsAreRolledBackWhenTheDatabaseIsOpenedAgain() throws Exception {
        H2AtomicCommitDataSource ds = dataSource("orphans");
        Path marker = dir.resolve("orphans.mv.db.open");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(marker).as("made while the database is open").exists();
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10))");
            s.executeUpdate("INSERT INTO t VALUES (1, 'one')");
            Object store = H2FileMaintenance.h2Store(c);
            org.h2.mvstore.MVMap<Object, Object> rows = rows(c);
            Object one = rows.get(1L);
            plantOrphans(rows, one);
            assertThat(H2OrphanSweep.sweep(store)).isEqualTo(2);
            assertThat(rows.get(2L)).as("the orphaned insert is gone").isNull();
            assertThat(((org.h2.value.VersionedValue<?>) rows.get(1L)).getOperationId()).as("row 1 committed again").isZero();
            assertThat(H2OrphanSweep.sweep(store)).as("nothing left").isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isEqualTo(1);

            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (3, 'open')");
            assertThat(H2OrphanSweep.sweep(store)).as("refused while a transaction is open").isEqualTo(-1);
            c.rollback();
            c.setAutoCommit(true);
            plantOrphans(rows, one); // left in the file when the database closes, as a crash would leave them
        }
        try (Connection c = ds.getConnection()) { // opened again, marker still there: swept before any use
            org.h2.mvstore.MVMap<Object, Object> rows = rows(c);
            assertThat(rows.get(2L)).isNull();
            assertThat(((org.h2.value.VersionedValue<?>) rows.get(1L)).getOperationId()).isZero();
            H2AtomicCommitDataSource.closedCleanly(ds);
            assertThat(marker).doesNotExist();
        }
        try (Connection c = ds.getConnection()) {
            assertThat(marker).as("made again for this run").exists();
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isEqualTo(1);
        }
    }

    /** An uncommitted insert of row 2 and update of row 1 by transaction 5, of which nothing else is left. */
    private static void plantOrphans(org.h2.mvstore.MVMap<Object, Object> rows, Object one) throws Exception {
        java.lang.reflect.Method uncommitted = Class.forName("org.h2.mvstore.tx.VersionedValueUncommitted")
                .getDeclaredMethod("getInstance", long.class, Object.class, Object.class, long.class);
        uncommitted.setAccessible(true);
        long operation = (5L << 40) | 1;
        rows.put(2L, uncommitted.invoke(null, operation, one, null, 2L));
        rows.put(1L, uncommitted.invoke(null, operation + 1, one, one, 1L));
    }

    /** The map of table t's rows (keyed by row id), among the store's open maps. */
    private static org.h2.mvstore.MVMap<Object, Object> rows(Connection c) throws Exception {
        MVStore mv = (MVStore) H2FileMaintenance.mvStore(c);
        java.lang.reflect.Field maps = MVStore.class.getDeclaredField("maps");
        maps.setAccessible(true);
        for (Object open : ((java.util.Map<?, ?>) maps.get(mv)).values()) {
            @SuppressWarnings("unchecked")
            org.h2.mvstore.MVMap<Object, Object> map = (org.h2.mvstore.MVMap<Object, Object>) open;
            if ((Object) map.getKeyType() instanceof org.h2.mvstore.type.LongDataType
                    && map.get(1L) instanceof org.h2.value.VersionedValue<?> value
                    && value.getCurrentValue() instanceof org.h2.result.Row row && row.getColumnCount() == 2
                    && "one".equals(row.getValue(1).getString())) { // not the system table's
                return map;
            }
        }
        throw new AssertionError("no map holds table t's rows");
    }

    @Test
    void maintenanceFindsTheStoreBehindAGuardedConnection() throws Exception {
        H2AtomicCommitDataSource ds = dataSource("maintained");
        try (Connection c = ds.getConnection(); H2FileMaintenance maintenance = new H2FileMaintenance(ds, 1 << 20)) {
            assertThat(H2FileMaintenance.mvStore(c)).isInstanceOf(MVStore.class);
            maintenance.tick();
            assertThat(((MVStore) H2FileMaintenance.mvStore(c)).getRetentionTime()).isZero();
        }
    }

    @Test
    void inMemoryDatabasesAreLeftAsH2MakesThem() throws Exception {
        H2AtomicCommitDataSource ds = new H2AtomicCommitDataSource();
        ds.setURL("jdbc:h2:mem:guard-test");
        try (Connection c = ds.getConnection()) {
            assertThat(c.isWrapperFor(H2AtomicCommits.Guarded.class)).isFalse();
            assertThat(c.getClass().getName()).isEqualTo("org.h2.jdbc.JdbcConnection");
        }
    }

    @Test
    void theApplianceRefusesAnEmbeddedH2UnderAnotherDataSourceClass() {
        String ours = H2AtomicCommitDataSource.class.getName();
        Database.requireWholeCommits("jdbc:h2:file:/srv/bkv/db/bkv;LOCK_TIMEOUT=10000", ours);
        Database.requireWholeCommits("jdbc:h2:mem:test", "org.h2.Driver");
        Database.requireWholeCommits("jdbc:h2:tcp://db.example/bkv", "org.h2.Driver");
        for (String url : new String[] {"jdbc:h2:file:/srv/bkv/db/bkv", "jdbc:h2:/srv/bkv/db/bkv"}) {
            assertThatThrownBy(() -> Database.requireWholeCommits(url, "org.h2.Driver"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bkv.db.dataSourceClass=" + ours).hasMessageContaining("not org.h2.Driver");
        }
    }

    @Test
    void refusesWhatItCannotGuard() {
        assertThatThrownBy(() -> H2AtomicCommits.Gate.of(new Object()))
                .isInstanceOf(SQLException.class).hasMessageContaining("store lock");
        H2AtomicCommitDataSource postgres = new H2AtomicCommitDataSource();
        postgres.setURL("jdbc:postgresql://127.0.0.1/db?password=secret");
        assertThatThrownBy(postgres::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("needs an H2 URL").hasMessageNotContaining("secret");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
