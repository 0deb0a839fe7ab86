package org.bkv.client.audit;

/** The audit public key given could not be read as a P-256 public key. */
public final class AuditKeyException extends Exception {

    private static final long serialVersionUID = 1L;

    AuditKeyException(String message) {
        super(message, null, false, false);
    }
}
