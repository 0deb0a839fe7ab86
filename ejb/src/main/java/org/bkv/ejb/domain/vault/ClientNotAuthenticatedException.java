package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/** Client authentication is JWT and the call carries no verified token whose subject is the identifier. Maps to HTTP 401. */
@ApplicationException(rollback = true)
public class ClientNotAuthenticatedException extends VaultException {
    private static final long serialVersionUID = 1L;

    public ClientNotAuthenticatedException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
