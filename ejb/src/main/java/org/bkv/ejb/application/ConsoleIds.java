package org.bkv.ejb.application;

import java.security.SecureRandom;

/** Application-assigned BIGINT ids for console rows: 62 random bits, positive, collision-free in practice. */
final class ConsoleIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleIds() {
    }

    static long next() {
        return (RANDOM.nextLong() >>> 2) + 1;
    }
}
