package org.bkv.opaque.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.ProtocolException;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * The 52-bit-limb P-256 field and point arithmetic ({@link P256Field}, {@link P256Curve}) against BigInteger and
 * Bouncy Castle: field operations on random and edge values, thousands of random variable-base and fixed-base
 * multiplications, edge scalars (1, 2, n-1, n-2, …, the scalars whose last ladder addition is a doubling),
 * decompression of valid and invalid encodings, and batch normalisation.
 */
class P256ArithmeticTest {
    private static final BigInteger P = P256Field.P_BIG;
    private static final BigInteger N = P256Group.N;
    private static final BigInteger R = BigInteger.ONE.shiftLeft(260);
    private static final SecureRandom RND = new SecureRandom();
    private static final P256Group GROUP = P256Group.INSTANCE;

    private static long[] mont(BigInteger v) {
        return P256Field.fromBig(v.multiply(R).mod(P));
    }

    private static BigInteger value(long[] m) {
        BigInteger v = P256Field.toBig(m);
        assertThat(v).isLessThan(P);
        for (long l : m) {
            assertThat(l).isBetween(0L, P256Field.M);
        }
        return v.multiply(R.modInverse(P)).mod(P);
    }

    private static List<BigInteger> fieldSamples() {
        List<BigInteger> s = new ArrayList<>();
        BigInteger[] edge = {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE),
            P.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(52),
            BigInteger.ONE.shiftLeft(52).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(224),
            P.shiftRight(1), BigInteger.ONE.shiftLeft(256).subtract(P)};
        for (BigInteger e : edge) {
            s.add(e);
        }
        for (int i = 0; i < 400; i++) {
            s.add(new BigInteger(256, RND).mod(P));
        }
        return s;
    }

    @Test
    void fieldOperationsAgreeWithBigInteger() {
        List<BigInteger> samples = fieldSamples();
        long[] r = new long[5];
        for (int i = 0; i < samples.size(); i++) {
            BigInteger a = samples.get(i);
            BigInteger b = samples.get((i * 7 + 3) % samples.size());
            long[] ma = mont(a);
            long[] mb = mont(b);
            P256Field.mul(r, ma, mb);
            assertThat(value(r)).isEqualTo(a.multiply(b).mod(P));
            P256Field.sqr(r, ma);
            assertThat(value(r)).isEqualTo(a.multiply(a).mod(P));
            P256Field.add(r, ma, mb);
            assertThat(value(r)).isEqualTo(a.add(b).mod(P));
            P256Field.sub(r, ma, mb);
            assertThat(value(r)).isEqualTo(a.subtract(b).mod(P));
            P256Field.neg(r, ma);
            assertThat(value(r)).isEqualTo(a.negate().mod(P));
            // unreduced sums and differences, in the only place they may go: a multiplication or a squaring
            BigInteger c = samples.get((i * 13 + 5) % samples.size());
            long[] lazySum = new long[5];
            long[] lazyDifference = new long[5];
            P256Field.addLazy(lazySum, ma, mb);
            P256Field.subLazy(lazyDifference, ma, mb);
            P256Field.mul(r, lazyDifference, lazySum);
            assertThat(value(r)).isEqualTo(a.subtract(b).multiply(a.add(b)).mod(P));
            P256Field.mul(r, lazyDifference, mont(c));
            assertThat(value(r)).isEqualTo(a.subtract(b).multiply(c).mod(P));
            P256Field.sqr(r, lazyDifference);
            assertThat(value(r)).isEqualTo(a.subtract(b).pow(2).mod(P));
            P256Field.sqr(r, lazySum);
            assertThat(value(r)).isEqualTo(a.add(b).pow(2).mod(P));
            for (int k = 1; k <= 16; k++) {
                P256Field.mulSmall(r, ma, k);
                assertThat(value(r)).isEqualTo(a.multiply(BigInteger.valueOf(k)).mod(P));
            }
            P256Field.invert(r, ma);
            assertThat(value(r)).isEqualTo(a.signum() == 0 ? BigInteger.ZERO : a.modInverse(P));
            boolean square = a.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).compareTo(BigInteger.ONE) <= 0;
            assertThat(P256Field.sqrt(r, ma)).isEqualTo(square);
            if (square) {
                assertThat(value(r).modPow(BigInteger.TWO, P)).isEqualTo(a);
            }
            byte[] bytes = BigIntegers.asUnsignedByteArray(32, a);
            P256Field.fromBytes(r, bytes, 0);
            assertThat(value(r)).isEqualTo(a);
            byte[] out = new byte[32];
            P256Field.toBytes(out, 0, ma);
            assertThat(out).isEqualTo(bytes);
            assertThat(P256Field.parity(ma)).isEqualTo(a.testBit(0) ? 1 : 0);
        }
    }

    private static byte[] scalarBytes(BigInteger k) {
        return BigIntegers.asUnsignedByteArray(32, k);
    }

    private static List<BigInteger> scalars(int random) {
        List<BigInteger> s = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            s.add(BigInteger.valueOf(i));
            s.add(N.subtract(BigInteger.valueOf(i)));
        }
        s.add(BigInteger.ONE.shiftLeft(255));
        s.add(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));
        s.add(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(N));
        s.add(N.shiftRight(1));
        s.add(N.shiftRight(1).add(BigInteger.ONE));
        s.add(BigInteger.ONE.shiftLeft(128));
        for (int i = 0; i < random; i++) {
            s.add(new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        }
        return s;
    }

    @Test
    void variableBaseMultiplicationAgreesWithBouncyCastle() throws Exception {
        List<ECPoint> bases = new ArrayList<>();
        bases.add(P256Group.G);
        bases.add(P256Group.G.negate());
        bases.add(P256Group.G.multiply(N.subtract(BigInteger.ONE)));
        for (int i = 0; i < 40; i++) {
            bases.add(P256Group.G.multiply(new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE)));
        }
        List<BigInteger> ks = scalars(2000);
        for (int i = 0; i < ks.size(); i++) {
            ECPoint base = bases.get(i % bases.size());
            BigInteger k = ks.get(i);
            // three input forms: decoded wire bytes, a Bouncy Castle point, an unnormalised result of ours
            GroupElement fromWire = GROUP.deserializeElement(base.getEncoded(true));
            GroupElement fromBc = P256Element.of(base);
            byte[] expected = base.multiply(k).getEncoded(true);
            assertThat(GROUP.multiply(fromWire, scalarBytes(k)).toByteArray()).as("k = %s", k).isEqualTo(expected);
            if (i % 10 == 0) {
                assertThat(GROUP.multiply(fromBc, scalarBytes(k)).toByteArray()).isEqualTo(expected);
                GroupElement twice = GROUP.multiply(fromWire, scalarBytes(BigInteger.TWO));
                BigInteger k2 = k.multiply(BigInteger.TWO.modInverse(N)).mod(N);
                assertThat(GROUP.multiply(twice, scalarBytes(k2)).toByteArray()).isEqualTo(expected);
                ECPoint viaPoint = ((P256Element) GROUP.multiply(fromWire, scalarBytes(k))).point();
                assertThat(viaPoint.isValid()).isTrue();
                assertThat(viaPoint.getEncoded(true)).isEqualTo(expected);
            }
        }
    }

    @Test
    void lastLadderAdditionDoublingCaseIsHandled() throws Exception {
        // scalars just below n: the only ones whose last ladder addition could be a doubling (for P-256 none is)
        GroupElement g = GROUP.deserializeElement(P256Group.G.getEncoded(true));
        for (int d = 1; d < 70; d++) {
            BigInteger k = N.subtract(BigInteger.valueOf(d));
            assertThat(GROUP.multiply(g, scalarBytes(k)).toByteArray())
                    .isEqualTo(P256Group.G.multiply(k).getEncoded(true));
        }
    }

    @Test
    void fixedBaseMultiplicationAgreesWithBouncyCastle() throws Exception {
        for (BigInteger k : scalars(2000)) {
            assertThat(GROUP.multiplyGenerator(scalarBytes(k)).toByteArray()).as("k = %s", k)
                    .isEqualTo(P256Group.G.multiply(k).getEncoded(true));
        }
    }

    @Test
    void zeroAndOrderScalarsGiveTheIdentityError() throws Exception {
        GroupElement g = GROUP.deserializeElement(P256Group.G.getEncoded(true));
        for (byte[] k : new byte[][] {new byte[32], scalarBytes(N)}) {
            assertThatThrownBy(() -> GROUP.multiply(g, k)).isInstanceOf(ProtocolException.class);
            assertThatThrownBy(() -> GROUP.multiplyGenerator(k)).isInstanceOf(ProtocolException.class);
        }
        // scalars in [n, 2^256) act modulo n, as Bouncy Castle's do
        BigInteger k = N.add(BigInteger.valueOf(5));
        assertThat(GROUP.multiply(g, scalarBytes(k)).toByteArray()).isEqualTo(P256Group.G.multiply(BigInteger.valueOf(5)).getEncoded(true));
        assertThat(GROUP.multiplyGenerator(scalarBytes(k)).toByteArray()).isEqualTo(P256Group.G.multiply(BigInteger.valueOf(5)).getEncoded(true));
    }

    @Test
    void decompressionAgreesWithBouncyCastle() throws Exception {
        int valid = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] enc = new byte[33];
            BigInteger x = i < 50 ? BigInteger.valueOf(i) : i < 100 ? P.subtract(BigInteger.valueOf(i - 49)) : new BigInteger(256, RND).mod(P);
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, x), 0, enc, 1, 32);
            enc[0] = (byte) (2 + (i & 1));
            ECPoint bc;
            try {
                bc = P256Group.CURVE.decodePoint(enc);
            } catch (IllegalArgumentException e) {
                bc = null;
            }
            if (bc == null) {
                assertThatThrownBy(() -> GROUP.deserializeElement(enc)).isInstanceOf(InvalidEncodingException.class);
            } else {
                valid++;
                P256Element e = (P256Element) GROUP.deserializeElement(enc);
                assertThat(e.toByteArray()).isEqualTo(enc);
                assertThat(e.point().normalize().getAffineYCoord().toBigInteger())
                        .isEqualTo(bc.normalize().getAffineYCoord().toBigInteger());
                assertThat(e).isEqualTo(P256Element.of(bc));
            }
        }
        assertThat(valid).isGreaterThan(1000);
        byte[] pEnc = new byte[33];
        pEnc[0] = 2;
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, P), 0, pEnc, 1, 32);
        assertThatThrownBy(() -> GROUP.deserializeElement(pEnc)).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void encodeAllSharesOneInversionAndMatchesSingleEncodings() throws Exception {
        GroupElement g = GROUP.deserializeElement(P256Group.G.getEncoded(true));
        for (int round = 0; round < 50; round++) {
            GroupElement[] es = new GroupElement[5];
            byte[][] expected = new byte[5][];
            for (int i = 0; i < 5; i++) {
                BigInteger k = new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
                es[i] = i == 0 ? P256Element.of(P256Group.G.multiply(k)) : GROUP.multiply(g, scalarBytes(k));
                expected[i] = P256Group.G.multiply(k).getEncoded(true);
            }
            GroupElement[] out = GROUP.encodeAll(es);
            for (int i = 0; i < 5; i++) {
                assertThat(out[i].toByteArray()).isEqualTo(expected[i]);
                assertThat(out[i]).isEqualTo(es[i]);
            }
        }
    }

    @Test
    void precomputedTablesSharingOneInversionGiveTheSameProducts() throws Exception {
        for (int round = 0; round < 30; round++) {
            BigInteger[] bs = new BigInteger[3];
            GroupElement[] es = new GroupElement[3];
            for (int i = 0; i < 3; i++) {
                bs[i] = new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
                ECPoint p = P256Group.G.multiply(bs[i]);
                // the forms a login meets: decoded from the wire, a Bouncy Castle point, our own unnormalised result
                es[i] = switch (i) {
                    case 0 -> GROUP.deserializeElement(p.getEncoded(true));
                    case 1 -> P256Element.of(p);
                    default -> GROUP.multiply(GROUP.deserializeElement(P256Group.G.getEncoded(true)), scalarBytes(bs[i]));
                };
            }
            // the same element twice, and (every other round) one that already has its table
            if (round % 2 == 0) {
                GROUP.multiply(es[1], scalarBytes(BigInteger.TWO));
            }
            GROUP.precompute(es[0], es[1], es[2], es[0]);
            for (int i = 0; i < 3; i++) {
                BigInteger k = new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
                assertThat(GROUP.multiply(es[i], scalarBytes(k)).toByteArray()).as("round %d, element %d", round, i)
                        .isEqualTo(P256Group.G.multiply(bs[i].multiply(k).mod(N)).getEncoded(true));
            }
        }
    }

    @Test
    void mixedAdditionFlagsEqualAndOppositePoints() throws Exception {
        BigInteger a = new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        BigInteger b = a.add(BigInteger.ONE).mod(N);
        long[] qa = P256Curve.decompress(P256Group.G.multiply(a).getEncoded(true));
        long[] qb = P256Curve.decompress(P256Group.G.multiply(b).getEncoded(true));
        long[] qaNeg = P256Curve.decompress(P256Group.G.multiply(a).negate().getEncoded(true));
        long[] doubling = new long[1];

        P256Curve.Jacobian sum = P256Curve.fromAffine(qa);
        assertThat(P256Curve.addAffine(sum, x(qb), y(qb), new P256Curve.Scratch(), doubling)).isZero();
        assertThat(doubling[0]).isZero();
        assertThat(P256Curve.encode(P256Curve.normalize(sum)[0]))
                .isEqualTo(P256Group.G.multiply(a.add(b)).getEncoded(true));

        P256Curve.Jacobian same = P256Curve.fromAffine(qa);
        assertThat(P256Curve.addAffine(same, x(qa), y(qa), new P256Curve.Scratch(), doubling)).isEqualTo(1);
        assertThat(doubling[0]).as("p + p is a doubling").isEqualTo(1);

        P256Curve.Jacobian opposite = P256Curve.fromAffine(qa);
        assertThat(P256Curve.addAffine(opposite, x(qaNeg), y(qaNeg), new P256Curve.Scratch(), doubling)).isEqualTo(1);
        assertThat(doubling[0]).as("p + (-p) is not a doubling").isZero();
    }

    private static long[] x(long[] xy) {
        return java.util.Arrays.copyOfRange(xy, 0, 5);
    }

    private static long[] y(long[] xy) {
        return java.util.Arrays.copyOfRange(xy, 5, 10);
    }
}
