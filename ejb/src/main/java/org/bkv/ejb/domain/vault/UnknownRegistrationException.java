package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/** No pending registration with this id: never issued, expired, or already finished. Maps to HTTP 404. */
@ApplicationException(rollback = true)
public class UnknownRegistrationException extends VaultException {
    private static final long serialVersionUID = 1L;

    public UnknownRegistrationException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
