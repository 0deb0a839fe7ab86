package org.bkv.hsm;

/**
 * Base of every failure reported by the HSM layer. Messages never contain a PIN, a key or a secret.
 */
public class HsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HsmException(String message) {
        super(message);
    }

    public HsmException(String message, Throwable cause) {
        super(message, cause);
    }
}
