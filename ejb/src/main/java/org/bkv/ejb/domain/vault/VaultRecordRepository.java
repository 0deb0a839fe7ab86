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

    /**
     * A login start's look-up: the record, or when there is none its decoy, in one statement that reads one row either
     * way (the same index look-ups, one row, one managed entity), so registered and unknown identifiers cost the same.
     * Empty only when the decoy row is missing too.
     */
    Optional<VaultRecord> findForLogin(RecordId id, DecoyId decoy);

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

    /** How many records there are; decoy rows are not records and are not counted. */
    long count();

    /** How many records are in each state (states without records are absent); decoy rows are not counted. */
    java.util.Map<RecordState, Long> countByState();

    // ---- decoy rows (DecoyId): read by findForLogin, counted through the record's own statements -----------------

    /** Reads a decoy row as {@link #find} reads a record (start-up's check whether it exists). */
    Optional<VaultRecord> findDecoy(DecoyId id);

    /** The decoy's counter, through the statement of {@link #consumeAttempt}; false once it reached max_attempts. */
    boolean consumeDecoyAttempt(DecoyId id, Instant now);

    /**
     * A fake login finish's row read: the decoy's row, read and locked as {@link #findForUpdate} reads and locks a
     * record's (the same statement, only the id differs). Empty if the row is missing.
     */
    Optional<VaultRecord> findDecoyForUpdate(DecoyId id);

    /**
     * A fake login finish's lockout check: the statement of {@link #lockIfExhausted} on the decoy's row. It never
     * matches (the lockout's WHERE clause excludes decoy ids), so a decoy is never locked nor its material destroyed,
     * however full its counter; it returns whether it did, which is always false.
     */
    boolean lockDecoyIfExhausted(DecoyId id, boolean destroy, Instant now);

    /** The decoy's counter back to 0, through the statement of {@link #resetAttempts}; false if the row is missing. */
    boolean resetDecoyAttempts(DecoyId id, Instant now);

    /**
     * Inserts the decoy row unless a row with its id exists (insert-if-absent: nodes starting together insert it
     * once). Returns whether this call inserted it.
     */
    boolean addDecoyIfAbsent(VaultRecord decoy);

    /** How many decoy rows exist (operations and tests; every node expects {@code DecoyId.all().size()}). */
    long countDecoys();
}
