package org.bkv.client.sdk;

/**
 * The appliance answered something that is not the BKV API: not JSON where JSON was due, a missing or
 * malformed member, a protocol message of the wrong length or encoding, a sealed key that does not open,
 * or a downloaded backup that does not match its digest. Nothing was trusted from that answer.
 */
public final class InvalidServerResponseException extends BkvException {

    private static final long serialVersionUID = 1L;

    InvalidServerResponseException(String message) {
        super(message);
    }

    InvalidServerResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
