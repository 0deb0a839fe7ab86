package org.bkv.benchmarks.opaque;

import java.security.SecureRandom;

/**
 * A "random" source that always returns the same bytes, so that a benchmark can replay one login and
 * have a KE3 that verifies. Benchmarks only: never use it anywhere else.
 */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x5a ^ i);
        }
    }
}
