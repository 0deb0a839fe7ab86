package org.bkv.ejb.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs {@link H2FileMaintenance} every {@code bkv.db.h2.maintenanceIntervalMillis} (default 1000 ms) when the
 * appliance's database is an embedded H2 file; does nothing for PostgreSQL.
 */
@Singleton
@Startup
@DependsOn("Database")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class H2Maintenance {

    private static final Logger LOG = Logger.getLogger(H2Maintenance.class.getName());

    /** Live bytes rewritten per tick at most: ≈ 2 % of a busy tick's writes (docs/PERFORMANCE.md). */
    static final int WRITE_BUDGET = 2 << 20;

    @Resource(lookup = Database.JNDI_NAME)
    private DataSource dataSource;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "bkv.db.h2.maintenanceIntervalMillis", defaultValue = "1000")
    private long intervalMillis;

    private H2FileMaintenance maintenance;
    private ScheduledFuture<?> ticks;
    private String lastFailure;

    @PostConstruct
    void start() {
        try {
            if (!H2FileMaintenance.isEmbeddedH2(dataSource)) {
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is: " + e.getMessage(), e);
        }
        maintenance = new H2FileMaintenance(dataSource, WRITE_BUDGET);
        ticks = scheduler.scheduleWithFixedDelay(this::scheduledTick, 0, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "H2: the file is forced to disk and its sparse chunks rewritten every " + intervalMillis + " ms");
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (maintenance != null) {
            try {
                maintenance.close();
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "H2 maintenance: releasing its pinned version failed: {0}", e.toString());
            }
        }
    }

    private void scheduledTick() {
        try {
            maintenance.tick();
            if (lastFailure != null) {
                LOG.info("H2 maintenance works again");
            }
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            // The next tick retries. Meanwhile commits are still written before they return; what waits is the
            // fsync and the reuse of space, so the file grows until a tick succeeds.
            String failure = "H2 maintenance failed (the file is not forced to disk and grows): " + e;
            if (!failure.equals(lastFailure)) {
                LOG.log(Level.SEVERE, failure, e);
            }
            lastFailure = failure;
        }
    }
}
