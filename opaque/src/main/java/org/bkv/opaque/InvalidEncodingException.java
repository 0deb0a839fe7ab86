package org.bkv.opaque;

/**
 * A message, state, element or scalar could not be deserialized: wrong length, a point off the
 * curve, the identity, a non-canonical encoding, a scalar not below the group order, an unknown suite.
 */
public class InvalidEncodingException extends OpaqueException {
    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }

    public InvalidEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
