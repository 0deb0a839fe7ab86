package org.bkv.ejb.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.bkv.opaque.Suite;

/**
 * Warms up the OPAQUE code of every suite at start-up, on a thread of its own, before the appliance reports ready
 * (see {@link OpaqueWarmUp}; /health/ready says "warming up" meanwhile). A warm-up that fails means this JVM cannot
 * run a suite end to end: the appliance then stays not ready, with the reason.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CryptoWarmUp {

    private static final Logger LOG = Logger.getLogger(CryptoWarmUp.class.getName());
    static final int LOGINS_PER_ROUND = 50;
    static final int MAX_ROUNDS = 12;

    @Resource
    private ManagedExecutorService executor;

    private volatile Optional<String> problem = Optional.of("warming up the OPAQUE code");

    @PostConstruct
    void start() {
        executor.submit(this::warmUp);
    }

    /** Empty once the warm-up is done; else why the appliance is not ready yet (or will not be). */
    public Optional<String> problem() {
        return problem;
    }

    private void warmUp() {
        long start = System.nanoTime();
        try {
            OpaqueWarmUp warmUp = new OpaqueWarmUp(LOGINS_PER_ROUND, MAX_ROUNDS);
            for (Suite suite : Suite.values()) {
                OpaqueWarmUp.Result result = warmUp.run(suite);
                LOG.info(() -> "OPAQUE warm-up " + suite.wireName() + ": " + result.microsPerLogin().size()
                        + " rounds of " + LOGINS_PER_ROUND + " logins, CPU per login (µs) "
                        + result.microsPerLogin().stream().map(String::valueOf).collect(Collectors.joining(" → "))
                        + (result.settled() ? "" : " (not settled, stopped)"));
            }
            LOG.info(() -> "OPAQUE warm-up done in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            problem = Optional.empty();
        } catch (Exception | LinkageError e) {
            problem = Optional.of("OPAQUE warm-up failed: " + e);
            LOG.log(Level.SEVERE, "OPAQUE warm-up failed: the appliance stays not ready", e);
        }
    }
}
