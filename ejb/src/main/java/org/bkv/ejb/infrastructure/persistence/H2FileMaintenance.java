package org.bkv.ejb.infrastructure.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Keeps an embedded H2 file bounded under sustained writes, and its durable state at most one checkpoint old.
 *
 * <p>Why: with {@code WRITE_DELAY 0} (see {@link Database}) every commit writes a file chunk of its own and H2
 * stops the background thread that would otherwise rewrite sparse chunks. A chunk's space is reused only once none of
 * its pages is live and it is older than the retention time (45 s by default). Under random-key inserts nearly every
 * chunk keeps a live leaf page or two for good, and 45 s of chunks wait for reuse besides: measured, 50–75 KB of file
 * per recovery with no levelling off (docs/PERFORMANCE.md, "H2 under sustained writes").
 *
 * <p>A {@link #checkpoint()}:
 * <ol>
 * <li>pins the store's current version ({@code MVStore.registerVersionUsage}): H2 overwrites no chunk that became
 *     unused at or after a pinned version;</li>
 * <li>forces the file to disk ({@code MVStore.sync}, an fsync);</li>
 * <li>releases the previous checkpoint's pin. From now on H2 may overwrite chunks that became unused before this
 *     checkpoint's version, and the chunks that replaced them are on disk: so a power cut finds either the new or the
 *     old chunks intact, never a chunk overwritten before its replacement was durable. That is what H2's retention
 *     time only assumes of the operating system; with the pin it holds, so the retention time is set to 0 (not
 *     persisted: without this maintenance the database keeps H2's default).</li>
 * </ol>
 * Checkpoints should come often (the appliance: every 100 ms), not only for what a power cut loses: while a version is
 * pinned, every commit walks each map's chain of root versions back to it (H2's {@code MVMap.setWriteVersion}), so a
 * pin held for a second cost ≈ 4 % of the appliance's CPU under load (docs/PERFORMANCE.md).
 *
 * <p>A {@link #compact()} rewrites the live pages of the sparsest chunks ({@code MVStore.compact}, at most
 * {@code writeBudget} bytes), so that those chunks die and later commits reuse their space. The rewritten pages go
 * into the next commit's chunk; H2 gives up rather than wait more than 10 ms for its store lock (the next compaction
 * tries again).
 *
 * <p>A commit is written to the file before it returns (process crash: nothing lost); after a power cut, at most the
 * commits since the last checkpoint are lost, and the file is consistent.
 *
 * <p>H2 has no SQL for any of this, so the store is reached through H2's public engine API by reflection
 * ({@code JdbcConnection.getSession().getDatabase().getStore().getMvStore()}), behind whatever pool wrapper the
 * container puts around the connection: the appliance runs the H2 that Payara Micro bundles, whose classes are not
 * the ones the application was compiled against. Written for H2 2.2 and 2.5 (the same methods in both).
 */
public final class H2FileMaintenance implements AutoCloseable {

    /** Chunks whose live share is at most this are rewritten; H2's own housekeeping uses 45 % while busy. */
    static final int TARGET_FILL_RATE = 50;

    private final DataSource dataSource;
    private final int writeBudget;
    private Object store;
    private Object pin;
    private long lastCompaction;
    private boolean compacted;

    public H2FileMaintenance(DataSource dataSource, int writeBudget) {
        if (writeBudget <= 0) {
            throw new IllegalArgumentException("write budget must be positive: " + writeBudget);
        }
        this.dataSource = dataSource;
        this.writeBudget = writeBudget;
    }

    /**
     * Whether the data source is an embedded (in-process) H2 file database, the only kind this applies to: any H2 URL
     * but an in-memory, remote ({@code tcp:}, {@code ssl:}) or read-only ({@code zip:}) one, with or without
     * {@code file:} (an operator's {@code --db-url jdbc:h2:/srv/bkv/db} is one).
     */
    static boolean isEmbeddedH2(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName())
                    && isEmbeddedUrl(connection.getMetaData().getURL());
        }
    }

    /** Whether an H2 URL names an embedded file database (see {@link #isEmbeddedH2}). */
    static boolean isEmbeddedUrl(String url) {
        return url.startsWith("jdbc:h2:") && !url.matches("(?i)jdbc:h2:(mem|tcp|ssl|zip):.*");
    }

    /** A checkpoint, then a compaction (both, as one round). Returns whether H2 rewrote any chunk. */
    synchronized boolean tick() throws SQLException {
        checkpoint();
        return compact();
    }

    /**
     * One run of the appliance's maintenance ({@link H2Maintenance}): a checkpoint, then a compaction if none was made
     * in the last {@code compactionInterval} (the first run always compacts).
     */
    public synchronized void checkpointAndCompactWhenDue(Duration compactionInterval) throws SQLException {
        checkpoint();
        long now = System.nanoTime();
        if (!compacted || now - lastCompaction >= compactionInterval.toNanos()) {
            lastCompaction = now;
            compacted = true;
            compact();
        }
    }

    /** Pins the current version, forces the file to disk, releases the previous checkpoint's pin. */
    public synchronized void checkpoint() throws SQLException {
        Object current;
        try (Connection connection = dataSource.getConnection()) {
            current = mvStore(connection);
        }
        if (current != store) { // first checkpoint, or the database was closed and opened again (its pins went with it)
            pin = null;
            call(current, "setRetentionTime", new Class<?>[] {int.class}, 0);
            store = current;
        }
        Object fresh = call(store, "registerVersionUsage", new Class<?>[0]);
        try {
            call(store, "sync", new Class<?>[0]);
        } catch (SQLException | RuntimeException e) {
            release(fresh); // keep the older pin: nothing newer is known to be on disk
            throw e;
        }
        release(pin);
        pin = fresh;
    }

    /**
     * Rewrites at most the write budget of live pages from the sparsest chunks; returns whether H2 rewrote any. Only
     * after a {@link #checkpoint()}: without one the retention time is still H2's and nothing is known to be on disk.
     */
    public synchronized boolean compact() throws SQLException {
        if (store == null) {
            throw new IllegalStateException("compact before the first checkpoint");
        }
        return (Boolean) call(store, "compact", new Class<?>[] {int.class, int.class}, TARGET_FILL_RATE, writeBudget);
    }

    /** Releases the pin, so that H2 may reuse what it holds back. */
    @Override
    public synchronized void close() throws SQLException {
        Object held = pin;
        pin = null;
        release(held);
    }

    private void release(Object counter) throws SQLException {
        if (counter != null) {
            call(store, "deregisterVersionUsage", new Class<?>[] {counter.getClass()}, counter);
        }
    }

    /** H2's MVStore behind a (possibly pooled) connection to an embedded database. */
    static Object mvStore(Connection connection) throws SQLException {
        return call(h2Store(connection), "getMvStore", new Class<?>[0]);
    }

    /** H2's {@code org.h2.mvstore.db.Store} (the MVStore and its TransactionStore) behind the connection. */
    static Object h2Store(Connection connection) throws SQLException {
        Object session = call(h2Connection(connection), "getSession", new Class<?>[0]);
        Object database = call(session, "getDatabase", new Class<?>[0]); // only an embedded session has one
        return call(database, "getStore", new Class<?>[0]);
    }

    /** The H2 connection itself, unwrapping pool wrappers that expose it as {@code getConnection()} (Payara's do). */
    private static Object h2Connection(Connection connection) throws SQLException {
        Object current = connection;
        for (int depth = 0; depth < 4; depth++) {
            if (current.getClass().getName().equals("org.h2.jdbc.JdbcConnection")) {
                return current;
            }
            Method unwrap;
            try {
                unwrap = current.getClass().getMethod("getConnection");
            } catch (NoSuchMethodException e) {
                break;
            }
            if (!Connection.class.isAssignableFrom(unwrap.getReturnType())) {
                break;
            }
            current = invoke(unwrap, current);
        }
        throw new SQLException("no H2 connection behind " + connection.getClass().getName());
    }

    static Object call(Object target, String name, Class<?>[] types, Object... args) throws SQLException {
        Method method;
        try {
            method = target.getClass().getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new SQLException(target.getClass().getName() + " has no " + name + ": not the H2 engine API this was"
                    + " written for (2.2, 2.5)", e);
        }
        return invoke(method, target, args);
    }

    private static Object invoke(Method method, Object target, Object... args) throws SQLException {
        try {
            method.setAccessible(true); // public methods of classes that need not be public (pool wrappers)
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SQLException sql ? sql
                    : new SQLException("H2 " + method.getName() + " failed: " + cause, cause);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new SQLException("cannot call H2 " + method.getName() + ": " + e, e);
        }
    }
}
