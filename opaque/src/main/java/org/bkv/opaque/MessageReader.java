package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;

/** Reads fixed-layout messages; checks the total length first so every failure is an InvalidEncodingException. */
final class MessageReader {
    private final Suite suite;
    private final byte[] bytes;
    private int offset;

    private MessageReader(Suite suite, byte[] bytes) {
        this.suite = suite;
        this.bytes = bytes;
    }

    static MessageReader of(Suite suite, byte[] bytes, int expectedLength, String what) throws InvalidEncodingException {
        if (suite == null) {
            throw new InvalidEncodingException(what + ": no suite");
        }
        if (bytes == null || bytes.length != expectedLength) {
            throw new InvalidEncodingException(what + ": expected " + expectedLength + " bytes for " + suite.wireName());
        }
        return new MessageReader(suite, bytes);
    }

    byte[] bytes(int n) {
        byte[] out = new byte[n];
        System.arraycopy(bytes, offset, out, 0, n);
        offset += n;
        return out;
    }

    GroupElement element() throws InvalidEncodingException {
        return suite.group().deserializeElement(bytes(suite.noe()));
    }

    byte[] scalar() throws InvalidEncodingException {
        byte[] raw = bytes(suite.nok());
        try {
            return suite.group().deserializeScalar(raw, true);
        } finally {
            org.bkv.opaque.internal.Bytes.zero(raw);
        }
    }

    static void requireLength(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
    }

    static void requireGroup(Suite suite, GroupElement element, String what) {
        if (element == null || element.group() != suite.group()) {
            throw new IllegalArgumentException(what + " is not an element of " + suite.wireName());
        }
    }
}
