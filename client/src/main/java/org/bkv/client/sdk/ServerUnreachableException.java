package org.bkv.client.sdk;

/** The appliance could not be reached: connection refused or broken, timeout, name resolution, TLS. */
public class ServerUnreachableException extends BkvException {

    private static final long serialVersionUID = 1L;

    ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
