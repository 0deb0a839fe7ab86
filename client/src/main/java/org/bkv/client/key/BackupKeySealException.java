package org.bkv.client.key;

/** A sealed backup key could not be opened: wrong export key, or the sealed bytes were modified. */
public final class BackupKeySealException extends Exception {

    private static final long serialVersionUID = 1L;

    BackupKeySealException(String message) {
        super(message);
    }
}
