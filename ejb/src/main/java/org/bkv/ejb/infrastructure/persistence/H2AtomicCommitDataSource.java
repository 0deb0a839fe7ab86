package org.bkv.ejb.infrastructure.persistence;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The appliance's data source class for H2 ({@code bkv.db.dataSourceClass}): H2's own driver, with every connection to
 * an embedded file database made crash-atomic by {@link H2AtomicCommits}. Connections to in-memory or remote H2
 * databases are H2's, unchanged (there is no file of this process's to protect). The first connection to a database H2
 * has just opened after a crash also sweeps it for what the crash left of transactions that no longer exist
 * ({@link H2OrphanSweep}). Configured as a JavaBean, as the
 * container and JPA configure data sources: {@code URL} (or {@code url}), {@code user}, {@code password}.
 */
public class H2AtomicCommitDataSource implements DataSource {

    private static final Logger LOG = Logger.getLogger(H2AtomicCommitDataSource.class.getName());
    /** The H2 stores (open databases) of this process already swept; weak: a closed database's store goes. */
    private static final Map<Object, Boolean> SWEPT = new WeakHashMap<>();

    private volatile String url;
    private volatile String user = "";
    private volatile String password = "";
    private volatile int loginTimeout;
    private volatile PrintWriter logWriter;

    public void setURL(String url) {
        this.url = url;
    }

    public String getURL() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getUser() {
        return user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String secret) throws SQLException {
        String target = url;
        if (target == null || !target.startsWith("jdbc:h2:")) {
            throw new SQLException("H2AtomicCommitDataSource needs an H2 URL (jdbc:h2:...), not " + describe(target));
        }
        Properties properties = new Properties();
        properties.setProperty("user", username == null ? "" : username);
        properties.setProperty("password", secret == null ? "" : secret);
        Connection physical = driver().connect(target, properties);
        if (!H2FileMaintenance.isEmbeddedUrl(target) || !H2AtomicCommits.isEmbedded(physical)) {
            return physical; // in memory, or a client of another process's H2 server (AUTO_SERVER): nothing of ours to guard
        }
        try {
            Object store = H2FileMaintenance.h2Store(physical);
            sweepOnce(store);
            return H2AtomicCommits.guard(physical, H2FileMaintenance.call(store, "getMvStore", new Class<?>[0]));
        } catch (SQLException | RuntimeException e) {
            try {
                physical.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
        }
    }

    /**
     * On the first connection to a database H2 has just opened in this process (the pool's first, before any is handed
     * out): if the process that had it open before did not close it cleanly (its marker file, {@code <file>.open}, is
     * still there), {@link H2OrphanSweep} rolls back what the crash left of transactions that no longer exist. Then
     * the marker is made for this run; {@link #closedCleanly} removes it. The sweep reads every entry of the database
     * (≈ 5 s per million rows with three indexes, docs/OPERATIONS.md), so a clean restart skips it.
     */
    private static void sweepOnce(Object store) throws SQLException {
        synchronized (SWEPT) {
            if (SWEPT.containsKey(store)) {
                return;
            }
            Path marker = marker(H2FileMaintenance.call(store, "getMvStore", new Class<?>[0]));
            if (Files.exists(marker)) {
                long started = System.nanoTime();
                long swept = H2OrphanSweep.sweep(store);
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (swept > 0) {
                    LOG.warning(() -> "H2: the database was not closed cleanly; " + swept + " uncommitted entries of"
                            + " transactions the crash ended were rolled back (" + millis + " ms)");
                } else if (swept == 0) {
                    LOG.info(() -> "H2: the database was not closed cleanly; no fragments of crashed transactions"
                            + " (checked in " + millis + " ms)");
                } else {
                    LOG.warning("H2: the database was not closed cleanly but cannot be checked for fragments of crashed"
                            + " transactions: another session has a transaction open (a client of its AUTO_SERVER?)");
                }
            }
            try {
                Files.writeString(marker, "open since " + java.time.Instant.now() + "\n");
            } catch (IOException e) {
                throw new SQLException("cannot write the H2 marker file beside the database: " + e.getMessage(), e);
            }
            SWEPT.put(store, Boolean.TRUE);
        }
    }

    /**
     * Says that the database behind this data source is being closed cleanly: no statement runs any more, so the next
     * start needs no sweep. The appliance calls it when it stops ({@code Database}).
     */
    public static void closedCleanly(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Files.deleteIfExists(marker(H2FileMaintenance.mvStore(connection)));
        } catch (IOException e) {
            throw new SQLException("cannot remove the H2 marker file: " + e.getMessage(), e);
        }
    }

    /** {@code <database file>.open}: present while a process has the database open, and after it crashed. */
    private static Path marker(Object mvStore) throws SQLException {
        try {
            Object fileStore = mvStore.getClass().getMethod("getFileStore").invoke(mvStore);
            String file = (String) fileStore.getClass().getMethod("getFileName").invoke(fileStore);
            return Path.of(file + ".open");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("cannot find H2's database file: " + e, e);
        }
    }

    /** H2's driver as this class's loader sees it (in the appliance: the H2 that Payara Micro bundles). */
    private static Driver driver() throws SQLException {
        try {
            return (Driver) Class.forName("org.h2.Driver", true, H2AtomicCommitDataSource.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new SQLException("the H2 driver (org.h2.Driver) is not available: " + e, e);
        }
    }

    /** The URL's scheme only: a URL may carry a password or a file path that belongs to no log. */
    private static String describe(String url) {
        if (url == null) {
            return "no URL";
        }
        int colon = url.indexOf(':', url.indexOf(':') + 1);
        return colon < 0 ? "a URL that is not JDBC" : url.substring(0, colon + 1) + "...";
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("H2AtomicCommitDataSource logs through java.util.logging directly");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("H2AtomicCommitDataSource is not a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
