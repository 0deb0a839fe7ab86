package org.bkv.opaque;

/**
 * Authentication failed: the client could not open its envelope (wrong password) or the server MAC
 * did not verify (client side), or the client MAC in KE3 did not verify (server side).
 */
public class AuthenticationException extends OpaqueException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
