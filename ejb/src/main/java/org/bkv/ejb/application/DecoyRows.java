package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.VaultRecordRepository;

/**
 * A fake login start's counter write (DESIGN §4.1: timing must not tell real from fake), the decoy row's twin of
 * {@link AttemptLimiter#consume}: a real login start runs the counter UPDATE that writes its record; a fake one runs it
 * on its decoy row ({@link DecoyId}), inside the caller's transaction, so that the row write with its WAL or undo and
 * the row lock held until commit are there on both paths (the row read is the look-up's, which returns the decoy when
 * the identifier has no record: {@code VaultRecordRepository.findForLogin}). The decoy's counter never locks it: when
 * it reaches max_attempts it is reset.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class DecoyRows {

    @EJB
    private VaultRecordRepository records;

    @EJB
    private DecoyRowKeeper keeper;

    public DecoyRows() {
        // for the container
    }

    /** Outside a container (tests with a RESOURCE_LOCAL persistence unit). */
    public DecoyRows(VaultRecordRepository records, DecoyRowKeeper keeper) {
        this.records = records;
        this.keeper = keeper;
    }

    /**
     * The write a counted attempt makes: the decoy's counter UPDATE, the statement a record's attempt runs. Once in
     * {@link DecoyId#MAX_ATTEMPTS} + 1 uses it finds the counter full and resets it instead (the statement a valid KE3
     * runs), so the decoy never locks; when neither updates, the row is gone and is created again.
     */
    public void count(DecoyId decoy, Instant now) {
        if (!records.consumeDecoyAttempt(decoy, now) && !records.resetDecoyAttempts(decoy, now)) {
            keeper.restore(decoy);
        }
    }
}
