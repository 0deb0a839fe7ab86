package org.bkv.ejb.application;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.hsm.HsmException;

/**
 * Makes sure the decoy rows ({@link DecoyId}) exist: all of them at start-up, and any one a fake login finds missing
 * (an operator deleted it) at once. Each is inserted only if absent, so nodes starting together store it once; inside
 * one node this singleton creates one at a time (H2, which belongs to one process, needs nothing more). Creating a
 * decoy needs the HSM (its key material is made as a record's is): if the HSM is not there at start-up, the decoys
 * are created by the first fake logins that need them. Each creation is audited with its row
 * ({@link DecoyRowWriter}): {@code DECOY_ROW_CREATED} at start-up (all of them at the first start; at a later one,
 * a row deleted while the appliance was stopped), {@code DECOY_ROW_MISSING} when a login finds one deleted.
 */
@Singleton
@Startup
@DependsOn({"Database", "HsmBinding"})
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DecoyRowKeeper {

    private static final Logger LOG = Logger.getLogger(DecoyRowKeeper.class.getName());

    @EJB
    private VaultRecordRepository records;

    @EJB
    private DecoyRowWriter writer;

    private final Set<DecoyId> reportedUnusable = ConcurrentHashMap.newKeySet();

    /**
     * Without a transaction of its own: each look-up and insert commits in the repository's, and an HSM that does not
     * answer stops the loop without rolling back the decoys made before (the container wraps its exception).
     */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a singleton's lifecycle callback ignores the class's
    void createMissingAtStartUp() {
        int created = 0;
        try {
            for (DecoyId decoy : DecoyId.all()) {
                if (records.findDecoy(decoy).isEmpty() && writer.createIfAbsent(decoy, DecoyRowWriter.Reason.START_UP)) {
                    created++;
                }
            }
        } catch (EJBException e) {
            HsmException hsm = hsmCause(e).orElseThrow(() -> e);
            LOG.log(Level.WARNING, "decoy rows not all created at start-up, the HSM does not answer ({0});"
                    + " fake logins create the missing ones when they need them", hsm.getMessage());
        }
        int made = created;
        LOG.info(() -> "decoy rows: " + made + " created now, " + DecoyId.all().size() + " expected");
    }

    /**
     * Creates this decoy if its row is missing (in its own transaction, committed before the caller goes on). A row
     * that is there but whose counter cannot be updated any more (changed outside the appliance) is reported once.
     */
    public void restore(DecoyId decoy) {
        if (writer.createIfAbsent(decoy, DecoyRowWriter.Reason.FOUND_MISSING)) {
            LOG.warning(() -> "decoy row " + decoy.value() + " was missing (deleted outside the appliance?); created again");
        } else if (reportedUnusable.add(decoy)) {
            LOG.warning(() -> "decoy row " + decoy.value() + " exists but its counter no longer updates (state, version or"
                    + " max_attempts changed outside the appliance?): delete that row and it is created again");
        }
    }

    private static Optional<HsmException> hsmCause(Throwable t) {
        for (Throwable c = t; c != null; c = c instanceof EJBException e && e.getCausedByException() != null
                ? e.getCausedByException() : c.getCause()) {
            if (c instanceof HsmException hsm) {
                return Optional.of(hsm);
            }
        }
        return Optional.empty();
    }
}
