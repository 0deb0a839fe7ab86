package org.bkv.client.key;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.nio.charset.StandardCharsets;

/** HKDF-SHA256 (RFC 5869) on Bouncy Castle: the one key derivation of the client. */
final class Hkdf {

    static final int SHA256_LENGTH = 32;

    private Hkdf() {
    }

    /**
     * Extract-then-expand. A {@code null} or empty salt means RFC 5869's default, HashLen zero
     * bytes (HMAC pads its key with zeros, so the two are the same). The caller zeroes the result.
     * Bouncy Castle copies {@code ikm} into its parameters; that copy is left to the collector.
     */
    static byte[] sha256(byte[] ikm, byte[] salt, String info, int length) {
        if (length < 1 || length > 255 * SHA256_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + 255 * SHA256_LENGTH);
        }
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.UTF_8)));
        byte[] output = new byte[length];
        generator.generateBytes(output, 0, length);
        return output;
    }
}
