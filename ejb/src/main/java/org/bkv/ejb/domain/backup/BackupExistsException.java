package org.bkv.ejb.domain.backup;

import org.bkv.ejb.domain.vault.VaultException;

/** A backup call refused with HTTP 409 (docs/API.md). */
public class BackupExistsException extends VaultException {
    private static final long serialVersionUID = 1L;

    public BackupExistsException() {
        super("a backup slot with this id exists and belongs to another storage token");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
