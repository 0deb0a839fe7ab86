package org.bkv.client.key;

/**
 * A string is not a backup key in its 64-digit form. The message says what is wrong and where
 * (1-based character position), never which characters were given.
 */
public final class BackupKeyFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    BackupKeyFormatException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The 1-based position of the first offending character, or 0 when the problem is the length. */
    public int position() {
        return position;
    }
}
