package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/** No open login with this id: never issued, expired, or already finished. Maps to HTTP 404. */
@ApplicationException(rollback = true)
public class UnknownLoginException extends VaultException {
    private static final long serialVersionUID = 1L;

    public UnknownLoginException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
