package org.bkv.ejb.infrastructure.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The appliance's data source class for H2 ({@code bkv.db.dataSourceClass}): H2's own driver, with every connection to
 * an embedded file database made crash-atomic by {@link H2AtomicCommits}. Connections to in-memory or remote H2
 * databases are H2's, unchanged (there is no file of this process's to protect). Configured as a JavaBean, as the
 * container and JPA configure data sources: {@code URL} (or {@code url}), {@code user}, {@code password}.
 */
public class H2AtomicCommitDataSource implements DataSource {

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
            return H2AtomicCommits.guard(physical);
        } catch (SQLException | RuntimeException e) {
            try {
                physical.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
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
