package org.bkv.hsm;

/**
 * A cryptographic check failed while the token itself is healthy: an AES-GCM open whose tag does not verify,
 * a wrapped key that does not unwrap, HSM results that contradict each other (full-point recovery).
 */
public class HsmIntegrityException extends HsmException {
    private static final long serialVersionUID = 1L;

    public HsmIntegrityException(String message) {
        super(message);
    }

    public HsmIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
