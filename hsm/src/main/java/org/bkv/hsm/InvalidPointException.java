package org.bkv.hsm;

/**
 * A curve point from outside was rejected in Java before any PKCS#11 call: malformed or non-canonical encoding,
 * not on P-256, the identity, or -G (for which the full-point recovery is undefined). Bad input: maps to 400.
 */
public class InvalidPointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPointException(String message) {
        super(message);
    }
}
