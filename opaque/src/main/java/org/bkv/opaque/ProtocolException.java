package org.bkv.opaque;

/**
 * The protocol was used inconsistently or hit one of the RFC's negligible-probability errors: messages
 * of different suites mixed, an input hashing to the identity, DeriveKeyPair exhausting its counter,
 * a server-key implementation returning an element of the wrong group.
 */
public class ProtocolException extends OpaqueException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
