package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Optional;
import org.bkv.ejb.infrastructure.hsm.HsmBinding;
import org.bkv.ejb.infrastructure.persistence.Database;
import org.bkv.hsm.HsmException;
import org.bkv.hsm.KeyInventory;

/**
 * What the appliance can say about itself: whether its HSM and database answer right now,
 * and which keys the token holds. Used by /health/ready and the console dashboard.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ApplianceStatus {

    @EJB
    private HsmBinding hsmBinding;

    @EJB
    private Database database;

    /** A real PKCS#11 round trip (the HSM self-test); empty when it passed, else why not. */
    public Optional<String> hsmProblem() {
        try {
            hsmBinding.hsm().selfTest();
            return Optional.empty();
        } catch (HsmException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A real round trip to the database; empty when it answered, else why not. */
    public Optional<String> databaseProblem() {
        try {
            database.ping();
            return Optional.empty();
        } catch (java.sql.SQLException e) {
            return Optional.of("database did not answer: " + e.getClass().getSimpleName()
                    + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"));
        }
    }

    /** Labels, types and fingerprints of the token's keys; never any key material. */
    public KeyInventory keyInventory() {
        return hsmBinding.hsm().keys();
    }
}
