package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;

/**
 * Root of the vault's typed failures; the API maps each to one HTTP status (docs/API.md).
 * Messages say what is wrong and never contain an identifier, a key or a protocol secret.
 */
@ApplicationException(rollback = true)
public abstract class VaultException extends Exception {
    private static final long serialVersionUID = 1L;

    protected VaultException(String message) {
        super(message);
    }

    /** The HTTP status the API answers with. */
    public abstract int httpStatus();

    /** The stable problem code the API answers with (docs/API.md); by default the API derives it from the type. */
    public java.util.Optional<String> code() {
        return java.util.Optional.empty();
    }
}
