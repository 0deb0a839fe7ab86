package org.bkv.client.backup;

import java.io.IOException;

/**
 * The input is not an intact {@code bkv-backup-v1} file: not a backup at all, an unsupported
 * version, a malformed header, or truncated. {@link BackupAuthenticationException}, the subclass,
 * covers everything that fails authentication. Catch this type for "the backup was rejected".
 * Messages name the problem and the segment, never key material or plaintext.
 */
public class BackupFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    BackupFormatException(String message) {
        super(message);
    }
}
