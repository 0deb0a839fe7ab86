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
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs {@link H2FileMaintenance} when the appliance's database is an embedded H2 file (nothing for PostgreSQL): a
 * checkpoint every {@code bkv.db.h2.checkpointIntervalMillis} (default 100 ms: the file forced to disk, and what a
 * power cut may lose) and a compaction, after a checkpoint, at most every {@code bkv.db.h2.compactionIntervalMillis}
 * (default 1000 ms).
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
    @ConfigProperty(name = "bkv.db.h2.checkpointIntervalMillis", defaultValue = "100")
    private long checkpointMillis;

    @Inject
    @ConfigProperty(name = "bkv.db.h2.compactionIntervalMillis", defaultValue = "1000")
    private long compactionMillis;

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
        if (checkpointMillis <= 0 || compactionMillis <= 0) {
            throw new IllegalStateException("bkv.db.h2.checkpointIntervalMillis and bkv.db.h2.compactionIntervalMillis"
                    + " must be positive, not " + checkpointMillis + " and " + compactionMillis);
        }
        maintenance = new H2FileMaintenance(dataSource, WRITE_BUDGET);
        ticks = scheduler.scheduleWithFixedDelay(this::scheduledTick, 0, checkpointMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "H2: the file is forced to disk every " + checkpointMillis + " ms and its sparse chunks rewritten"
                + " every " + compactionMillis + " ms");
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
            maintenance.checkpointAndCompactWhenDue(Duration.ofMillis(compactionMillis));
            if (lastFailure != null) {
                LOG.info("H2 maintenance works again");
            }
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            // The next run retries. Meanwhile commits are still written before they return; what waits is the
            // fsync and the reuse of space, so the file grows until a checkpoint succeeds.
            String failure = "H2 maintenance failed (the file is not forced to disk and grows): " + e;
            if (!failure.equals(lastFailure)) {
                LOG.log(Level.SEVERE, failure, e);
            }
            lastFailure = failure;
        }
    }
}
