package org.bkv.client.testing;

import java.security.SecureRandom;

/** A "SecureRandom" that hands out fixed bytes in order: for known-answer tests only. */
public final class DeterministicRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private int next;

    public DeterministicRandom(byte[]... chunks) {
        int length = 0;
        for (byte[] chunk : chunks) {
            length += chunk.length;
        }
        bytes = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, bytes, at, chunk.length);
            at += chunk.length;
        }
    }

    @Override
    public void nextBytes(byte[] out) {
        if (next + out.length > bytes.length) {
            throw new IllegalStateException("DeterministicRandom ran out of bytes");
        }
        System.arraycopy(bytes, next, out, 0, out.length);
        next += out.length;
    }
}
