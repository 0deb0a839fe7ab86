package org.bkv.ejb.infrastructure.persistence;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes every commit of an embedded H2 file database reach the file whole or not at all.
 *
 * <p>Why: H2 (2.2 and 2.5 alike) writes a file chunk by taking each B-tree map's current root one map after another,
 * while other threads go on working, and a commit is not one step but a walk over the transaction's undo log that
 * marks its rows committed map by map, then clears the log. A chunk written during that walk, by another thread's
 * commit or by the committing thread itself once enough unsaved pages have piled up, holds the transaction half
 * committed: after a crash some of its changes are there and others are not, and not only across tables but between a
 * table and its own indexes. Found by {@code AuditCrashIT}: a row present in the table and missing from one of its
 * indexes (so {@code WHERE leaf_index IS NULL} answered differently by index and by scan), and an audit sequencer batch
 * whose new tree size survived while its leaf indexes did not.
 *
 * <p>What: every commit and rollback on a connection from {@link #guard} runs holding H2's own store lock (the lock
 * every chunk write holds), with H2's "store in progress" flag raised so that the committing thread does not write a
 * chunk from inside its own walk; once the walk is done and the lock let go, the chunk is written before the commit
 * returns (as {@code WRITE_DELAY 0} would have done). So no chunk ever holds a commit in the middle. Statements run in auto-commit mode that
 * may write are run as a transaction of their own and committed the same way. The cost: the walks of concurrent commits
 * run one at a time and not beside a chunk write (measured in docs/PERFORMANCE.md).
 *
 * <p>Not covered: DDL, which H2 commits inside the statement (Flyway runs it at start-up, before any other work);
 * sessions of other processes connected through H2's server ({@code AUTO_SERVER}, {@code tcp:}), whose commits do not
 * pass through here.
 *
 * <p>H2 has no API for this: its store lock and flag are private fields of {@code MVStore}, reached by reflection (the
 * appliance runs the H2 that Payara Micro bundles, 2.2.224; the tests 2.5.252; both have them). If they are not found
 * the connection is refused with a clear error rather than run without the guarantee.
 */
public final class H2AtomicCommits {

    /** Statement methods that run SQL which may write; executeQuery is left alone (it reads). */
    private static final Set<String> WRITING = Set.of("execute", "executeUpdate", "executeLargeUpdate", "executeBatch",
            "executeLargeBatch");

    private H2AtomicCommits() {
    }

    /**
     * The connection, with commits made atomic on disk; {@code physical} must be an H2 connection to the embedded
     * database whose {@code MVStore} is {@code mvStore} ({@link H2FileMaintenance#mvStore}).
     */
    static Connection guard(Connection physical, Object mvStore) throws SQLException {
        Gate gate = Gate.of(mvStore);
        return (Connection) Proxy.newProxyInstance(H2AtomicCommits.class.getClassLoader(),
                new Class<?>[] {Connection.class, Guarded.class}, new GuardedConnection(physical, gate));
    }

    /**
     * Whether the H2 connection runs the database in this process; with {@code AUTO_SERVER} a second process gets a
     * client session of the first one's server instead, whose commits the first process's guard covers.
     */
    static boolean isEmbedded(Connection physical) throws SQLException {
        try {
            Object session = physical.getClass().getMethod("getSession").invoke(physical);
            return session.getClass().getSimpleName().equals("SessionLocal");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("not an H2 connection: " + physical.getClass().getName(), e);
        }
    }

    /**
     * What a guarded connection also is: {@link H2FileMaintenance} finds H2's connection behind it, as behind a pool's
     * wrapper, through {@code getConnection()}.
     */
    public interface Guarded {
        /** The H2 connection itself; committing on it directly goes around the guard. */
        Connection getConnection();
    }

    /** An SQL step that may throw. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Throwable;
    }

    /**
     * H2's store lock and store-in-progress flag of one MVStore, and its commit (write a chunk). {@link #atomically}
     * runs a commit or rollback so that no chunk is written in its middle, then writes one.
     */
    record Gate(Object store, ReentrantLock lock, AtomicBoolean storing, Method commit) {

        static Gate of(Object mvStore) throws SQLException {
            Class<?> type = mvStore.getClass();
            try {
                Field lockField = type.getDeclaredField("storeLock");
                Field storingField = type.getDeclaredField("storeOperationInProgress");
                lockField.setAccessible(true);
                storingField.setAccessible(true);
                return new Gate(mvStore, (ReentrantLock) lockField.get(mvStore), (AtomicBoolean) storingField.get(mvStore),
                        type.getMethod("commit"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new SQLException("this H2 (" + type.getName() + ") lacks the store lock that makes its commits"
                        + " atomic on disk; written for H2 2.2 and 2.5: " + e, e);
            }
        }

        /**
         * Runs the step holding H2's store lock with no chunk written meanwhile, then has the chunk written. The flag is
         * false whenever the lock is free (H2 raises and lowers it inside the lock), so raising it here takes nothing
         * from H2. The chunk is written after the lock is let go: H2's commit takes the lock again and writes what is
         * unsaved, unless a chunk that another thread began after this step has already taken it. So commits that
         * arrive together share a chunk, as without the guard, while no chunk ever begins inside a step.
         */
        <T> T atomically(Step<T> step) throws Throwable {
            T result;
            lock.lock();
            try {
                if (!storing.compareAndSet(false, true)) {
                    throw new SQLException("H2 is writing a chunk on this thread already: a commit cannot start inside one");
                }
                try {
                    result = step.run();
                } finally {
                    storing.set(false);
                }
            } finally {
                lock.unlock();
            }
            try {
                commit.invoke(store);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new SQLException("H2 could not write the commit to its file: " + cause, cause);
            } catch (IllegalAccessException e) {
                throw new SQLException("cannot call H2's MVStore.commit: " + e, e);
            }
            return result;
        }
    }

    /** Commit, rollback, close and auto-commit writes through the gate; everything else straight to H2. */
    private static final class GuardedConnection implements InvocationHandler {
        private final Connection physical;
        private final Gate gate;

        GuardedConnection(Connection physical, Gate gate) {
            this.physical = physical;
            this.gate = gate;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "commit", "rollback", "close", "abort", "setAutoCommit" -> { // each may end a transaction
                    if (method.getName().equals("setAutoCommit") && !(Boolean) args[0]) {
                        return call(physical, method, args);
                    }
                    return through(() -> call(physical, method, args));
                }
                case "createStatement", "prepareStatement", "prepareCall" -> {
                    Statement statement = (Statement) call(physical, method, args);
                    Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                    return Proxy.newProxyInstance(H2AtomicCommits.class.getClassLoader(), new Class<?>[] {type},
                            new GuardedStatement(statement, (Connection) proxy, this));
                }
                case "getConnection" -> { // Guarded
                    return physical;
                }
                case "unwrap" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(physical, method, args);
                }
                case "isWrapperFor" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(physical, method, args);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "H2AtomicCommits(" + physical + ")";
                }
                default -> {
                    return call(physical, method, args);
                }
            }
        }

        /** A statement that may write, in auto-commit mode: run as its own transaction and committed through the gate. */
        Object autoCommitted(Step<Object> statement) throws Throwable {
            if (physical.isClosed() || !physical.getAutoCommit()) {
                return statement.run();
            }
            physical.setAutoCommit(false);
            try {
                Object result = statement.run();
                if (!physical.isClosed()) { // SHUTDOWN closes the database: nothing left to commit
                    through(() -> {
                        physical.commit();
                        return null;
                    });
                }
                return result;
            } catch (Throwable e) {
                try {
                    if (!physical.isClosed()) {
                        through(() -> {
                            physical.rollback();
                            return null;
                        });
                    }
                } catch (Throwable rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                if (!physical.isClosed()) {
                    physical.setAutoCommit(true);
                }
            }
        }

        private Object through(Step<Object> step) throws Throwable {
            return gate.atomically(step);
        }
    }

    /** Writing statements in auto-commit mode through the gate; {@code getConnection} answers the guarded connection. */
    private static final class GuardedStatement implements InvocationHandler {
        private final Statement physical;
        private final Connection connection;
        private final GuardedConnection owner;

        GuardedStatement(Statement physical, Connection connection, GuardedConnection owner) {
            this.physical = physical;
            this.connection = connection;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (WRITING.contains(name)) {
                return owner.autoCommitted(() -> call(physical, method, args));
            }
            return switch (name) {
                case "getConnection" -> connection;
                case "unwrap" -> ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(physical, method, args);
                case "isWrapperFor" -> ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(physical, method, args);
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "H2AtomicCommits(" + physical + ")";
                default -> call(physical, method, args);
            };
        }
    }

    /** Calls the method on H2's object; what H2 throws is thrown as it is. */
    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method.getName() + " on " + target.getClass().getName(), e);
        }
    }
}
