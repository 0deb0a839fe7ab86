package org.bkv.ejb.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The appliance's database: one container-managed data source chosen by configuration
 * ({@code bkv.db.*}), migrated by Flyway before anything else touches it.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "${MPCONFIG=bkv.db.dataSourceClass}",
        url = "${MPCONFIG=bkv.db.url}",
        user = "${MPCONFIG=bkv.db.user}",
        password = "${MPCONFIG=bkv.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        // Prepared statements kept per pooled connection: H2 parses and plans each statement again otherwise (≈ 2 %
        // of a recovery's CPU, profiled). The empty type is Payara's default LRU cache (a blank avoids Payara #6647).
        properties = {"fish.payara.statement-cache-size=64", "fish.payara.statement-cache-type= ",
                // A pooled connection whose database went away (H2 closes itself when a write fails, e.g. on a full
                // disk; PostgreSQL restarted) is found at most 5 s later and the whole pool is replaced, so the
                // appliance serves again once the database can, without a restart.
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=auto-commit",
                "fish.payara.validate-atmost-once-period-in-seconds=5",
                "fish.payara.fail-all-connections=true"})
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class Database {

    public static final String JNDI_NAME = "java:app/jdbc/bkv";
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    @Resource(lookup = JNDI_NAME)
    private DataSource dataSource;

    @Inject
    @ConfigProperty(name = "bkv.db.dataSourceClass")
    private String dataSourceClass;

    /** Whether the database is an embedded H2 behind {@link H2AtomicCommitDataSource}. */
    private boolean embeddedH2;

    @PostConstruct
    void migrate() {
        makeCommitsDurable(); // first: the migrations' own commits are then durable and whole too
        MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        LOG.info(() -> "database " + product() + ", schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    /**
     * H2 keeps commits in memory for up to 500 ms by default (WRITE_DELAY): a killed process would lose committed
     * records and attempt counters (found by VaultCrashSafetyIT). WRITE_DELAY 0 writes each commit through before it
     * returns (persistent setting). Not a power-loss guarantee: H2 does not fsync; PostgreSQL is the durable choice.
     */
    private void makeCommitsDurable() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
                requireWholeCommits(connection.getMetaData().getURL(), dataSourceClass);
                statement.execute("SET WRITE_DELAY 0");
                boolean guarded = connection.isWrapperFor(H2AtomicCommits.Guarded.class);
                embeddedH2 = guarded;
                LOG.info(guarded ? "H2: every commit is written through, whole, before it returns (WRITE_DELAY 0, H2AtomicCommits)"
                        : "H2: every commit is written through before it returns (WRITE_DELAY 0); the database is not"
                        + " embedded in this process, so its host makes commits whole");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make H2 commits durable (SET WRITE_DELAY 0): " + e.getMessage(), e);
        }
    }

    /**
     * Refuses an embedded H2 file database under any data source class but {@link H2AtomicCommitDataSource}: without
     * it a crash can leave a commit half written. In-memory and remote H2 URLs are left alone.
     */
    static void requireWholeCommits(String h2Url, String dataSourceClass) {
        if (H2FileMaintenance.isEmbeddedUrl(h2Url) && !H2AtomicCommitDataSource.class.getName().equals(dataSourceClass)) {
            throw new IllegalStateException("an embedded H2 database needs bkv.db.dataSourceClass="
                    + H2AtomicCommitDataSource.class.getName() + ", not " + dataSourceClass + ": without it a crash can"
                    + " leave a commit half written (see docs/OPERATIONS.md)");
        }
    }

    /**
     * The appliance stops: no statement runs on an embedded H2 any more, so its next start need not sweep it for
     * fragments of crashed transactions ({@link H2AtomicCommitDataSource#closedCleanly}).
     */
    @PreDestroy
    void stop() {
        if (embeddedH2) {
            try {
                H2AtomicCommitDataSource.closedCleanly(dataSource);
            } catch (SQLException | RuntimeException e) {
                LOG.warning(() -> "H2: could not record a clean stop (the next start checks the whole database): " + e);
            }
        }
    }

    /** Product and version of the database and of its driver, for the log (which H2 runs matters: see glassfish-web.xml). */
    private String product() {
        try (Connection connection = dataSource.getConnection()) {
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " (driver " + meta.getDriverVersion() + ")";
        } catch (SQLException e) {
            return "(product unknown: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** A real round trip to the database; throws when it does not answer. */
    public void ping() throws SQLException {
        // Connection.isValid, not a statement with setQueryTimeout: H2 applies a query timeout to the whole session, so
        // the pooled connection would go on cancelling every later query after 5 s (the audit page over 1M events did).
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(5)) {
                throw new SQLException("the database did not answer within 5 s");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        }
    }
}
