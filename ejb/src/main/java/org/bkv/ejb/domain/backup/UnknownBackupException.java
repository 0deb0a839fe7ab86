package org.bkv.ejb.domain.backup;

import org.bkv.ejb.domain.vault.VaultException;

/** A backup call refused with HTTP 404 (docs/API.md). */
public class UnknownBackupException extends VaultException {
    private static final long serialVersionUID = 1L;

    private final String code;

    private UnknownBackupException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** No slot has this id. */
    public static UnknownBackupException noSlot() {
        return new UnknownBackupException("unknown-backup", "there is no backup slot with this id");
    }

    /** The slot exists but holds no stored copy yet. */
    public static UnknownBackupException noCopy() {
        return new UnknownBackupException("no-backup", "this backup slot holds no backup yet");
    }

    @Override
    public java.util.Optional<String> code() {
        return java.util.Optional.of(code);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
