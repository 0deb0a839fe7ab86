package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/** Malformed or disallowed input; nothing was stored. Maps to HTTP 400. */
@ApplicationException(rollback = true)
public class InvalidRequestException extends VaultException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
