package org.bkv.opaque;

/**
 * Root of the one exception family thrown by this module. Checked on purpose: every protocol step
 * can fail on attacker-controlled input and callers must decide how to fail closed.
 *
 * <p>Messages never contain secrets, passwords, keys or protocol message contents.
 */
public class OpaqueException extends Exception {
    private static final long serialVersionUID = 1L;

    public OpaqueException(String message) {
        super(message);
    }

    public OpaqueException(String message, Throwable cause) {
        super(message, cause);
    }
}
