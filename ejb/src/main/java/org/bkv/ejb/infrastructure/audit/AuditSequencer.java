package org.bkv.ejb.infrastructure.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.bkv.ejb.infrastructure.hsm.HsmBinding;
import org.bkv.ejb.infrastructure.persistence.Database;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The appliance's audit sequencer: every {@code bkv.audit.sequencerIntervalMillis} (default 250 ms) it appends the
 * committed events that have no leaf index yet and signs a tree head with {@code bkv-audit} when the log grew and
 * the last head is at least {@code bkv.audit.headIntervalMillis} (default 500 ms) old: a head at least once a second
 * while events arrive, none while idle. Every node runs one; they take turns on the {@code audit_sequence} row lock.
 */
@Singleton
@Startup
@DependsOn("Database")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class AuditSequencer {

    private static final Logger LOG = Logger.getLogger(AuditSequencer.class.getName());

    @Resource(lookup = Database.JNDI_NAME)
    private DataSource dataSource;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @EJB
    private HsmBinding hsmBinding;

    @Inject
    @ConfigProperty(name = "bkv.audit.sequencerIntervalMillis", defaultValue = "250")
    private long intervalMillis;

    @Inject
    @ConfigProperty(name = "bkv.audit.headIntervalMillis", defaultValue = "500")
    private long headIntervalMillis;

    @Inject
    @ConfigProperty(name = NodeName.KEY)
    private Optional<String> node;

    private AuditSequencing sequencing;
    private ScheduledFuture<?> ticks;
    private volatile String lastTickFailure;

    @PostConstruct
    void start() {
        sequencing = new AuditSequencing(dataSource, () -> hsmBinding.hsm().auditSigner(), node.orElse(null),
                headIntervalMillis, System::currentTimeMillis);
        ticks = scheduler.scheduleWithFixedDelay(this::scheduledTick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    /** Runs a tick now (tests, and the auditor API before answering "latest"): sequence, sign if due. */
    public AuditSigningStatus tickNow() throws SQLException {
        return sequencing.tick();
    }

    /** The status after the last tick, with a database failure of the sequencer itself as the problem. */
    public AuditSigningStatus status() {
        AuditSigningStatus status = sequencing.status();
        String failure = lastTickFailure;
        return failure == null ? status
                : new AuditSigningStatus(status.treeSize(), status.lastSigned(), Optional.of(failure), status.problemSince());
    }

    private void scheduledTick() {
        try {
            sequencing.tick();
            if (lastTickFailure != null) {
                LOG.info("audit sequencer: database answers again");
            }
            lastTickFailure = null;
        } catch (SQLException | RuntimeException e) {
            // Logged and kept for status(); the next tick retries. Events stay safe in audit_event meanwhile.
            String failure = "audit sequencer failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!failure.equals(lastTickFailure)) {
                LOG.log(Level.SEVERE, failure, e);
            }
            lastTickFailure = failure;
        }
    }
}
