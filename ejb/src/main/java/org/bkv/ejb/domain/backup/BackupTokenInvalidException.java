package org.bkv.ejb.domain.backup;

import jakarta.ejb.ApplicationException;
import org.bkv.ejb.domain.vault.VaultException;

/** A backup call refused with HTTP 401 (docs/API.md). Does not roll back: the refusal's audit event commits. */
@ApplicationException(rollback = false)
public class BackupTokenInvalidException extends VaultException {
    private static final long serialVersionUID = 1L;

    public BackupTokenInvalidException() {
        super("the storage token does not open this backup slot");
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
