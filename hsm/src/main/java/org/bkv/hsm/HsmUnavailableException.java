package org.bkv.hsm;

/**
 * The token does not answer (removed, module finalised, device error, being recycled for too long).
 * Transient: the session pool reconnects in the background. Mapped to 503 with Retry-After.
 */
public class HsmUnavailableException extends HsmException {
    private static final long serialVersionUID = 1L;

    public HsmUnavailableException(String message) {
        super(message);
    }

    public HsmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
