package org.bkv.client.sdk;

/**
 * Root of the SDK's failures that involve the appliance. Messages are for people and never hold a
 * password, key, token or protocol message. Local file problems are {@link java.io.IOException}s instead.
 */
public abstract class BkvException extends Exception {

    private static final long serialVersionUID = 1L;

    BkvException(String message) {
        super(message);
    }

    BkvException(String message, Throwable cause) {
        super(message, cause);
    }
}
