package org.bkv.hsm.ec;

import java.math.BigInteger;
import java.security.MessageDigest;

import org.bkv.hsm.HsmIntegrityException;
import org.bouncycastle.math.ec.ECPoint;

/**
 * DESIGN §4.1: PKCS#11 {@code CKM_ECDH1_DERIVE} yields only x(k·B). With a second derive x2 = x(k·(B+G)) and the
 * key's public point K = k·G, exactly one of the two points P with x(P) = x(k·B) satisfies x(P + K) = x2
 * (the other would need 2·k·B = 0 or 2·K = 0, impossible in a group of odd prime order).
 *
 * <p>Both candidates are always computed and compared in constant time, so the running time does not depend on
 * the parity of the secret result's y-coordinate.
 */
public final class FullPointRecovery {

    private FullPointRecovery() {
    }

    /** The point the second derive must be fed: B + G (never the identity, since B = -G is rejected). */
    public static ECPoint secondInput(ECPoint b) {
        P256.requireHsmInput(b);
        return b.add(P256.G).normalize();
    }

    /**
     * Recovers k·B from x1 = x(k·B) and x2 = x(k·(B+G)), both as returned by the HSM (big-endian, possibly shorter
     * than 32 bytes when leading zeros were dropped).
     *
     * @throws HsmIntegrityException if the two derive results do not fit together (an HSM fault)
     */
    public static ECPoint recover(byte[] x1, byte[] x2, ECPoint publicKey) {
        BigInteger first = new BigInteger(1, x1);
        BigInteger second = new BigInteger(1, x2);
        if (x1.length > P256.FIELD_BYTES || x2.length > P256.FIELD_BYTES
                || first.compareTo(P256.P) >= 0 || second.compareTo(P256.P) >= 0) {
            throw new HsmIntegrityException("HSM derive returned a value that is not a P-256 x-coordinate");
        }
        byte[] compressedEven = new byte[P256.COMPRESSED_BYTES];
        compressedEven[0] = 0x02;
        System.arraycopy(P256.fixed32(first), 0, compressedEven, 1, P256.FIELD_BYTES);
        ECPoint even;
        try {
            even = P256.CURVE.decodePoint(compressedEven).normalize();
        } catch (IllegalArgumentException e) {
            throw new HsmIntegrityException("HSM derive returned an x-coordinate of no P-256 point");
        }
        ECPoint odd = even.negate().normalize();
        byte[] expected = P256.fixed32(second);
        ECPoint[] sums = {even.add(publicKey), odd.add(publicKey)};
        P256.CURVE.normalizeAll(sums); // one shared inversion for both candidates
        boolean evenMatches = xEquals(sums[0], expected);
        boolean oddMatches = xEquals(sums[1], expected);
        if (evenMatches == oddMatches) {
            throw new HsmIntegrityException("HSM derive results are inconsistent with the key's public point");
        }
        return evenMatches ? even : odd;
    }

    private static boolean xEquals(ECPoint n, byte[] expectedX) {
        // The identity has no x; compare against a value no x-coordinate can take, keeping the work the same.
        byte[] x = n.isInfinity() ? new byte[P256.FIELD_BYTES + 1] : P256.fixed32(n.getAffineXCoord().toBigInteger());
        return MessageDigest.isEqual(x, expectedX);
    }
}
