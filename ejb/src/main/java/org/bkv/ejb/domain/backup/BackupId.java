package org.bkv.ejb.domain.backup;

import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.InvalidEncodingException;

/**
 * A backup slot's id: base64url (no padding) of 32 bytes the client derives from its backup key
 * ({@code HKDF(backupKey, "BKV backup id")}), so a new device finds its backup from the key alone. 43 characters.
 */
public record BackupId(String value) {
    public static final int LENGTH = 43;

    public static BackupId parse(String text) throws InvalidRequestException {
        if (text == null || text.length() != LENGTH) {
            throw new InvalidRequestException("backupId must be 43 characters of base64url (32 bytes)");
        }
        try {
            if (Base64Url.decode(text).length != 32) {
                throw new InvalidRequestException("backupId must encode 32 bytes");
            }
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("backupId is not base64url without padding");
        }
        return new BackupId(text);
    }

    /** Enough to tell slots apart in the audit log and server logs, never the whole id. */
    public String prefix() {
        return value.substring(0, 8);
    }

    @Override
    public String toString() {
        return "BackupId[" + prefix() + "…]";
    }
}
