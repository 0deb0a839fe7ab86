package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.policy.LockoutAction;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;

/**
 * A fake login's database work on its decoy row (DESIGN §4.1: timing must not tell real from fake).
 *
 * <p>At the start, the twin of {@link AttemptLimiter#consume}: a real login start runs the counter UPDATE that writes its record; a fake one runs it
 * on its decoy row ({@link DecoyId}), inside the caller's transaction, so that the row write with its WAL or undo and
 * the row lock held until commit are there on both paths (the row read is the look-up's, which returns the decoy when
 * the identifier has no record: {@code VaultRecordRepository.findForLogin}). The decoy's counter never locks it: when
 * it reaches max_attempts it is reset.
 *
 * <p>At the finish, the twins of a failed real finish's two statements: the locking read of its record
 * ({@code SELECT … FOR UPDATE}) and the lockout UPDATE ({@link AttemptLimiter#lockIfExhausted}), run on the decoy with
 * the same statements. The lockout's WHERE clause excludes decoy ids, so it never locks one.
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

    /** The row a fake finish reads and locks until commit, as a real finish reads and locks its record's. */
    public Optional<VaultRecord> readForFinish(DecoyId decoy) {
        return records.findDecoyForUpdate(decoy);
    }

    /**
     * The lockout check a failed real finish runs, with the statement policy picks (LOCK or LOCK_AND_DESTROY), on the
     * decoy; it cannot match a decoy, and if it ever did that would be a bug worth failing the request for.
     */
    public void lockoutCheck(DecoyId decoy, PolicySettings policy, Instant now) {
        if (records.lockDecoyIfExhausted(decoy, policy.lockoutAction() == LockoutAction.DESTROY, now)) {
            throw new IllegalStateException("the lockout statement matched decoy row " + decoy.suite().wireName()
                    + " " + decoy.bucket());
        }
    }
}
