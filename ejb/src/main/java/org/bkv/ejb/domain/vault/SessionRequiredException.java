package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/** The operation needs a valid, unexpired session token of this record (from a recovery). Maps to HTTP 401.
 * Does not roll back: the refusal is audited. */
@ApplicationException(rollback = false)
public class SessionRequiredException extends VaultException {
    private static final long serialVersionUID = 1L;

    public SessionRequiredException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
