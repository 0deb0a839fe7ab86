package org.bkv.ejb.domain.vault;

import java.time.Instant;
import java.util.Optional;
import org.bkv.opaque.Suite;

/**
 * Where records are kept. The attempt counter and the lockout change only through the single-row atomic updates
 * below, so they stay exact across threads and appliance nodes (DESIGN §10).
 */
public interface VaultRecordRepository {

    Optional<VaultRecord> find(RecordId id);

    /** Reads the record and holds its row lock until the transaction ends (serialises finishes and lockouts). */
    Optional<VaultRecord> findForUpdate(RecordId id);

    void add(VaultRecord record);

    /**
     * Consumes one attempt: {@code attempts = attempts + 1} if the record is ACTIVE, of this suite and has attempts
     * left. Returns false when nothing was updated (no such record, other suite, locked, or attempts used up).
     */
    boolean consumeAttempt(RecordId id, Suite suite, Instant now);

    /** A valid KE3: attempts back to 0, only while the record is ACTIVE and still at this version. */
    boolean resetAttempts(RecordId id, long version, Instant now);

    /**
     * Locks the record if it is ACTIVE, its attempts are used up and no counted login of it is still open (every KE2
     * handed out has failed or expired). With {@code destroy} the wrapped OPRF key, sealed record and sealed backup
     * key are overwritten (NULL) in the same statement. Returns whether it locked now.
     */
    boolean lockIfExhausted(RecordId id, boolean destroy, Instant now);

    long count();

    /** How many records are in each state (states without records are absent). */
    java.util.Map<RecordState, Long> countByState();
}
