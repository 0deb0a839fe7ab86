package org.bkv.client.sdk;

/**
 * The TLS handshake failed on the appliance's certificate: it does not match the pinned fingerprint, is
 * not signed by a trusted CA, or does not name the host in the URI. Nothing was sent to the server.
 */
public final class ServerCertificateException extends ServerUnreachableException {

    private static final long serialVersionUID = 1L;

    private final boolean pinMismatch;

    ServerCertificateException(String message, boolean pinMismatch, Throwable cause) {
        super(message, cause);
        this.pinMismatch = pinMismatch;
    }

    /** Whether the certificate was rejected because its SHA-256 fingerprint is not the pinned one. */
    public boolean pinMismatch() {
        return pinMismatch;
    }
}
