package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/** The identifier has a record and the caller showed neither a session token of that record nor (with client authentication) its identity. Maps to HTTP 409.
 * Does not roll back: the pending registration is spent and the refusal audited. */
@ApplicationException(rollback = false)
public class ReplaceNotAuthorisedException extends VaultException {
    private static final long serialVersionUID = 1L;

    public ReplaceNotAuthorisedException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
