package org.bkv.client.key;

import org.bkv.opaque.Base64Url;

import java.util.Arrays;
import java.util.Objects;

/**
 * The name of a device's backup slot on the appliance (DESIGN §4.3):
 * {@code base64url(HKDF-SHA256(ikm = backupKey, salt = none, info = "BKV backup id"))}, 32 bytes, so
 * 43 characters. Derivable on a new device from the backup key alone; reveals nothing about the key
 * and is not a credential (the {@link StorageAuthToken} is), so it may appear in URLs and logs.
 */
public final class BackupId {

    /** HKDF info string of the derivation. */
    public static final String INFO = "BKV backup id";
    /** Length of the derived value in bytes. */
    public static final int LENGTH_BYTES = 32;
    /** Length of {@link #value()}: 32 bytes as unpadded base64url. */
    public static final int LENGTH_CHARS = 43;

    private final String value;

    private BackupId(String value) {
        this.value = value;
    }

    /** Derives the backup id of {@code backupKey}. */
    public static BackupId derive(BackupKey backupKey) {
        byte[] id = backupKey.derive(null, INFO, LENGTH_BYTES);
        try {
            return new BackupId(Base64Url.encode(id));
        } finally {
            Arrays.fill(id, (byte) 0);
        }
    }

    /** The 43-character base64url form used in {@code /api/v1/backups/{backupId}}. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BackupId && ((BackupId) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
