package org.bkv.client.backup;

/**
 * A segment failed AES-GCM authentication: wrong key, or the file was modified, truncated,
 * reordered or extended. No plaintext of that segment was released.
 */
public final class BackupAuthenticationException extends BackupFormatException {

    private static final long serialVersionUID = 1L;

    BackupAuthenticationException(String message) {
        super(message);
    }
}
