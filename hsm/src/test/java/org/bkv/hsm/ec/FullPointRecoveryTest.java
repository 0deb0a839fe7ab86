package org.bkv.hsm.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.bkv.hsm.HsmIntegrityException;
import org.bkv.hsm.InvalidPointException;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** DESIGN §4.1 recovery, as pure arithmetic, against Bouncy Castle's k·B; and the point validation in front of it. */
class FullPointRecoveryTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(20261127);

    private static BigInteger scalar() {
        BigInteger k;
        do {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            k = new BigInteger(1, b);
        } while (k.signum() == 0 || k.compareTo(P256.N) >= 0);
        return k;
    }

    /** x(P) as an HSM returns it: big-endian, possibly without leading zero bytes. */
    private static byte[] hsmX(ECPoint p, boolean stripLeadingZeros) {
        byte[] x = P256.fixed32(p.normalize().getAffineXCoord().toBigInteger());
        if (!stripLeadingZeros) {
            return x;
        }
        int i = 0;
        while (i < x.length - 1 && x[i] == 0) {
            i++;
        }
        return Arrays.copyOfRange(x, i, x.length);
    }

    @Test
    void recoversKTimesBForThousandsOfRandomPointsOfBothParities() {
        int odd = 0;
        int even = 0;
        for (int i = 0; i < 2000; i++) {
            BigInteger k = scalar();
            ECPoint publicKey = P256.G.multiply(k).normalize();
            ECPoint b = P256.G.multiply(scalar()).normalize();
            ECPoint expected = b.multiply(k).normalize();
            byte[] x1 = hsmX(expected, i % 2 == 0);
            byte[] x2 = hsmX(FullPointRecovery.secondInput(b).multiply(k), i % 3 == 0);
            ECPoint recovered = FullPointRecovery.recover(x1, x2, publicKey);
            assertThat(P256.compressed(recovered)).isEqualTo(P256.compressed(expected));
            if (expected.getAffineYCoord().testBitZero()) {
                odd++;
            } else {
                even++;
            }
        }
        assertThat(odd).isGreaterThan(800);
        assertThat(even).isGreaterThan(800);
    }

    @Test
    void recoversWhenTheInputIsTheGenerator() {
        // B = G: the wrong candidate -k·G + K is the identity; the recovery must not trip over it.
        BigInteger k = scalar();
        ECPoint publicKey = P256.G.multiply(k).normalize();
        byte[] x1 = hsmX(publicKey, false);
        byte[] x2 = hsmX(P256.G.twice().multiply(k), false);
        assertThat(FullPointRecovery.recover(x1, x2, publicKey)).isEqualTo(publicKey);
    }

    @Test
    void recoversWithShortXCoordinates() {
        // find results whose x has a leading zero byte, as SoftHSM sometimes returns them (or pads them)
        int found = 0;
        for (int i = 0; i < 20000 && found < 2; i++) {
            // k·B = (k·b)·G: one fixed-base multiplication per candidate keeps this fast
            BigInteger k = scalar();
            BigInteger bScalar = scalar();
            ECPoint expected = P256.G.multiply(k.multiply(bScalar).mod(P256.N)).normalize();
            if (P256.fixed32(expected.getAffineXCoord().toBigInteger())[0] != 0) {
                continue;
            }
            ECPoint b = P256.G.multiply(bScalar).normalize();
            found++;
            ECPoint recovered = FullPointRecovery.recover(hsmX(expected, true),
                    hsmX(FullPointRecovery.secondInput(b).multiply(k), true), P256.G.multiply(k));
            assertThat(recovered).isEqualTo(expected);
        }
        assertThat(found).isPositive();
    }

    @Test
    void inconsistentDeriveResultsAreAnIntegrityFailure() {
        BigInteger k = scalar();
        ECPoint b = P256.G.multiply(scalar());
        byte[] x1 = hsmX(b.multiply(k), false);
        byte[] wrongX2 = hsmX(b.multiply(k).twice(), false);
        assertThatThrownBy(() -> FullPointRecovery.recover(x1, wrongX2, P256.G.multiply(k)))
                .isInstanceOf(HsmIntegrityException.class);
        byte[] notAnX = new byte[32];
        Arrays.fill(notAnX, (byte) 0xff);
        assertThatThrownBy(() -> FullPointRecovery.recover(notAnX, x1, P256.G.multiply(k)))
                .isInstanceOf(HsmIntegrityException.class);
    }

    @Test
    void minusGAndTheIdentityAreRejected() {
        assertThatThrownBy(() -> P256.decodeHsmInput(P256.compressed(P256.G.negate())))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("-G");
        assertThatThrownBy(() -> P256.decodeHsmInput(new byte[] {0})).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> FullPointRecovery.secondInput(P256.CURVE.getInfinity()))
                .isInstanceOf(InvalidPointException.class);
        assertThat(P256.decodeHsmInput(P256.compressed(P256.G))).isEqualTo(P256.G);
    }

    @Test
    void offCurveAndMalformedEncodingsAreRejected() {
        byte[] g = P256.compressed(P256.G);
        byte[] gu = P256.uncompressed(P256.G);
        // x with no y on the curve
        byte[] offCurve = null;
        for (int i = 1; offCurve == null; i++) {
            byte[] candidate = new byte[33];
            candidate[0] = 2;
            byte[] x = P256.fixed32(BigInteger.valueOf(i));
            System.arraycopy(x, 0, candidate, 1, 32);
            try {
                P256.CURVE.decodePoint(candidate);
            } catch (IllegalArgumentException e) {
                offCurve = candidate;
            }
        }
        byte[] uncompressedOffCurve = gu.clone();
        uncompressedOffCurve[64] ^= 1;
        byte[] xEqualsP = new byte[33];
        xEqualsP[0] = 3;
        System.arraycopy(P256.fixed32(P256.P), 0, xEqualsP, 1, 32);
        byte[] xAboveP = new byte[33];
        Arrays.fill(xAboveP, (byte) 0xff);
        xAboveP[0] = 2;
        byte[] yAboveP = gu.clone(); // y + p does not fit in 32 bytes for P-256's G? use p itself in y
        System.arraycopy(P256.fixed32(P256.P), 0, yAboveP, 33, 32);
        byte[] hybrid = gu.clone();
        hybrid[0] = 6;
        byte[] badPrefix = g.clone();
        badPrefix[0] = 5;
        byte[][] bad = {offCurve, uncompressedOffCurve, xEqualsP, xAboveP, yAboveP, hybrid, badPrefix, new byte[0],
                new byte[33], new byte[65], Arrays.copyOf(g, 34), Arrays.copyOf(gu, 64), null};
        for (int i = 0; i < bad.length; i++) {
            byte[] encoded = bad[i];
            assertThatThrownBy(() -> P256.decode(encoded)).as("bad encoding #" + i).isInstanceOf(InvalidPointException.class);
        }
        assertThat(P256.decode(gu)).isEqualTo(P256.G);
    }

    @Test
    void randomGarbageNeverDecodesToAnInvalidPoint() {
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] garbage = new byte[33];
            RANDOM.nextBytes(garbage);
            garbage[0] = (byte) (2 + (i & 1));
            try {
                ECPoint p = P256.decode(garbage);
                assertThat(p.isValid()).isTrue();
                assertThat(P256.compressed(p)).isEqualTo(garbage);
                accepted++;
            } catch (InvalidPointException e) {
                // about half of all x have no point
            }
        }
        assertThat(accepted).isBetween(1200, 1800);
    }
}
