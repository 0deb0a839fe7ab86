package org.bkv.ejb.domain.vault;

/** Lifecycle of a record. */
public enum RecordState {
    /** Recoverable: guesses are counted against maxAttempts. */
    ACTIVE,
    /** Attempts used up: no more KE2 for this record (its key material gone if the lockout action was DESTROY). */
    LOCKED,
    /** Deleted by its owner: key material gone; the identifier may register again. */
    DELETED
}
