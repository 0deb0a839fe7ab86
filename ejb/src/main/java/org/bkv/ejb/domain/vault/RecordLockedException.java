package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/**
 * The record takes no more guesses (policy reveals lockout). Carries nothing secret. Maps to HTTP 423.
 * Does not roll back: the lockout it may have just applied (and its audit event) commits.
 */
@ApplicationException(rollback = false)
public class RecordLockedException extends VaultException {
    private static final long serialVersionUID = 1L;

    public RecordLockedException() {
        super("record is locked");
    }

    @Override
    public int httpStatus() {
        return 423;
    }
}
