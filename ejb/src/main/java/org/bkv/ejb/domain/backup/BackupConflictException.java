package org.bkv.ejb.domain.backup;

import org.bkv.ejb.domain.vault.VaultException;

/** A backup call refused with HTTP 409 (docs/API.md). */
public class BackupConflictException extends VaultException {
    private static final long serialVersionUID = 1L;

    public BackupConflictException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
