package org.bkv.ejb.infrastructure.hsm;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bkv.hsm.Hsm;
import org.bkv.hsm.HsmConfig;
import org.bkv.hsm.HsmException;
import org.bkv.hsm.HsmUnavailableException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Owns the PKCS#11 module for this JVM (the module is process-global: one appliance per JVM).
 *
 * <p>Opens the token at start-up and makes sure the keys of DESIGN §5 exist. If the token cannot
 * be opened the appliance still deploys but fails closed: every use throws
 * {@link HsmUnavailableException} (503 on the API, DOWN on /health/ready) and opening is retried
 * at most every {@link #RETRY_INTERVAL}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class HsmBinding {

    private static final Logger LOG = Logger.getLogger(HsmBinding.class.getName());
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

    private volatile Hsm hsm;
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile String lastFailure = "not opened yet";

    @PostConstruct
    void open() {
        tryOpen();
    }

    @PreDestroy
    void close() {
        Hsm current = hsm;
        hsm = null;
        if (current != null) {
            current.close();
        }
    }

    /** The open HSM, or {@link HsmUnavailableException} saying why it is not there. */
    public Hsm hsm() {
        Hsm current = hsm;
        if (current != null) {
            return current;
        }
        if (Instant.now().isAfter(lastAttempt.plus(RETRY_INTERVAL))) {
            current = tryOpen();
            if (current != null) {
                return current;
            }
        }
        throw new HsmUnavailableException("HSM unavailable: " + lastFailure);
    }

    private synchronized Hsm tryOpen() {
        if (hsm != null) {
            return hsm;
        }
        lastAttempt = Instant.now();
        Config config = ConfigProvider.getConfig();
        try {
            Hsm opened = Hsm.open(HsmConfig.fromProperties(key -> config.getOptionalValue(key, String.class).orElse(null)));
            opened.provisionKeys();
            hsm = opened;
            LOG.info("HSM token open; keys present");
            return opened;
        } catch (HsmException e) {
            lastFailure = e.getMessage();
            LOG.log(Level.SEVERE, "HSM unavailable: {0}", e.getMessage());
            return null;
        }
    }
}
