package org.bkv.opaque.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.ProtocolException;
import org.junit.jupiter.api.Test;

/**
 * The 51-bit-limb field ({@link Fe25519}) and ristretto255 arithmetic ({@link Ristretto255Curve}) against
 * BigInteger and curve25519-elisabeth: field operations, decoding of valid and random (mostly invalid)
 * encodings, encoding, thousands of random variable-base and generator multiplications, edge scalars.
 */
class Ristretto255ArithmeticTest {
    private static final BigInteger P = Fe25519.P_BIG;
    private static final BigInteger L = Ristretto255Group.L;
    private static final SecureRandom RND = new SecureRandom();
    private static final Ristretto255Group GROUP = Ristretto255Group.INSTANCE;

    private static BigInteger value(long[] a) {
        for (long l : a) {
            assertThat(l).isBetween(0L, (1L << 52) - 1);
        }
        return Fe25519.toBig(a);
    }

    @Test
    void fieldOperationsAgreeWithBigInteger() {
        List<BigInteger> s = new ArrayList<>();
        for (BigInteger e : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE),
            P.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(254), BigInteger.ONE.shiftLeft(51),
            BigInteger.ONE.shiftLeft(51).subtract(BigInteger.ONE), P.shiftRight(1)}) {
            s.add(e);
        }
        for (int i = 0; i < 500; i++) {
            s.add(new BigInteger(255, RND).mod(P));
        }
        long[] r = new long[5];
        for (int i = 0; i < s.size(); i++) {
            BigInteger a = s.get(i);
            BigInteger b = s.get((i * 7 + 3) % s.size());
            long[] fa = Fe25519.of(a);
            long[] fb = Fe25519.of(b);
            Fe25519.mul(r, fa, fb);
            assertThat(value(r)).isEqualTo(a.multiply(b).mod(P));
            // chained operations on non-canonical limbs
            long[] u = new long[5];
            Fe25519.add(u, r, fa);
            Fe25519.sub(u, u, fb);
            Fe25519.mul(u, u, u);
            Fe25519.sqr(r, u);
            BigInteger w = a.multiply(b).add(a).subtract(b).mod(P);
            w = w.multiply(w).mod(P);
            assertThat(value(u)).isEqualTo(w);
            assertThat(value(r)).isEqualTo(w.multiply(w).mod(P));
            Fe25519.sqr(r, fa);
            assertThat(value(r)).isEqualTo(a.multiply(a).mod(P));
            Fe25519.sub(r, fa, fb);
            assertThat(value(r)).isEqualTo(a.subtract(b).mod(P));
            Fe25519.neg(r, fa);
            assertThat(value(r)).isEqualTo(a.negate().mod(P));
            if (a.signum() != 0) {
                Fe25519.invert(r, fa);
                assertThat(value(r)).isEqualTo(a.modInverse(P));
            }
            byte[] bytes = Fe25519.toBytes(fa);
            byte[] expected = new byte[32];
            byte[] be = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, a);
            for (int k = 0; k < 32; k++) {
                expected[k] = be[31 - k];
            }
            assertThat(bytes).isEqualTo(expected);
            Fe25519.fromBytes(r, bytes, 0);
            assertThat(value(r)).isEqualTo(a);
            assertThat(Fe25519.isNegative(fa)).isEqualTo(a.testBit(0) ? 1L : 0L);
            assertThat(Fe25519.isZero(fa)).isEqualTo(a.signum() == 0 ? 1L : 0L);
        }
        // non-canonical limbs equal to p encode as zero
        long[] p = Fe25519.of(BigInteger.ZERO);
        p[0] = (1L << 51) - 19;
        for (int i = 1; i < 5; i++) {
            p[i] = (1L << 51) - 1;
        }
        assertThat(Fe25519.toBytes(p)).isEqualTo(new byte[32]);
    }

    private static BigInteger randomScalar() {
        return new BigInteger(256, RND).mod(L.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    private static byte[] le(BigInteger k) {
        return Ristretto255Group.fromBigInteger(k);
    }

    private static List<BigInteger> scalars(int random) {
        List<BigInteger> s = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            s.add(BigInteger.valueOf(i));
            s.add(L.subtract(BigInteger.valueOf(i)));
        }
        s.add(BigInteger.ONE.shiftLeft(252));
        s.add(BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE));
        s.add(BigInteger.valueOf(8));
        s.add(BigInteger.valueOf(0x88888888L));
        s.add(new BigInteger("7777777777777777777777777777777777777777777777777777777777777777", 16).mod(L));
        for (int i = 0; i < random; i++) {
            s.add(randomScalar());
        }
        return s;
    }

    @Test
    void decodingAndEncodingAgreeWithElisabeth() throws Exception {
        int valid = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] enc;
            if (i % 2 == 0) {
                enc = Constants.RISTRETTO_GENERATOR_TABLE.multiply(Scalar.fromBits(le(randomScalar()))).compress().toByteArray();
            } else {
                enc = new byte[32];
                RND.nextBytes(enc);
                if (i % 3 == 0) {
                    enc[31] &= 0x7f;
                    enc[0] &= (byte) 0xfe;
                }
            }
            RistrettoElement theirs;
            try {
                theirs = new CompressedRistretto(enc.clone()).decompress();
            } catch (cafe.cryptography.curve25519.InvalidEncodingException | IllegalArgumentException e) {
                theirs = null;
            }
            byte[] fin = enc;
            if (theirs == null) {
                assertThatThrownBy(() -> GROUP.deserializeElement(fin)).isInstanceOf(InvalidEncodingException.class);
                assertThat(Ristretto255Curve.decode(enc)).isNull();
            } else {
                valid++;
                Ristretto255Curve.Point p = Ristretto255Curve.decode(enc);
                assertThat(p).isNotNull();
                assertThat(Ristretto255Curve.encode(p)).isEqualTo(enc);
                Ristretto255Element e = (Ristretto255Element) GROUP.deserializeElement(enc);
                assertThat(e.element()).isEqualTo(theirs);
                assertThat(e).isEqualTo(Ristretto255Element.of(theirs));
            }
        }
        assertThat(valid).isGreaterThan(2000);
        // non-canonical: p itself, p + 2 (even), and the identity
        byte[] pEnc = Fe25519.toBytes(Fe25519.of(BigInteger.ZERO));
        pEnc[0] = (byte) 0xed;
        for (int k = 1; k < 31; k++) {
            pEnc[k] = (byte) 0xff;
        }
        pEnc[31] = 0x7f;
        assertThat(Ristretto255Curve.decode(pEnc)).isNull();
        assertThatThrownBy(() -> GROUP.deserializeElement(new byte[32])).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void variableBaseMultiplicationAgreesWithElisabeth() throws Exception {
        List<RistrettoElement> bases = new ArrayList<>();
        bases.add(Constants.RISTRETTO_GENERATOR);
        for (int i = 0; i < 30; i++) {
            bases.add(Constants.RISTRETTO_GENERATOR_TABLE.multiply(Scalar.fromBits(le(randomScalar()))));
        }
        List<BigInteger> ks = scalars(2000);
        for (int i = 0; i < ks.size(); i++) {
            RistrettoElement base = bases.get(i % bases.size());
            byte[] k = le(ks.get(i));
            byte[] expected = base.multiply(Scalar.fromBits(k)).compress().toByteArray();
            GroupElement fromWire = GROUP.deserializeElement(base.compress().toByteArray());
            assertThat(GROUP.multiply(fromWire, k).toByteArray()).as("k = %s", ks.get(i)).isEqualTo(expected);
            if (i % 10 == 0) {
                // from an elisabeth element, and from one of our own (unencoded) results
                assertThat(GROUP.multiply(Ristretto255Element.of(base), k).toByteArray()).isEqualTo(expected);
                GroupElement twice = GROUP.multiply(fromWire, le(BigInteger.TWO));
                byte[] half = le(ks.get(i).multiply(BigInteger.TWO.modInverse(L)).mod(L));
                assertThat(GROUP.multiply(twice, half).toByteArray()).isEqualTo(expected);
                assertThat(((Ristretto255Element) GROUP.multiply(twice, half)).element())
                        .isEqualTo(base.multiply(Scalar.fromBits(k)));
            }
        }
    }

    @Test
    void generatorMultiplicationAgreesWithElisabeth() throws Exception {
        for (BigInteger k : scalars(2000)) {
            byte[] s = le(k);
            assertThat(GROUP.multiplyGenerator(s).toByteArray()).as("k = %s", k)
                    .isEqualTo(Constants.RISTRETTO_GENERATOR_TABLE.multiply(Scalar.fromBits(s)).compress().toByteArray());
        }
    }

    @Test
    void zeroAndUnreducedScalars() throws Exception {
        GroupElement g = GROUP.deserializeElement(Constants.RISTRETTO_GENERATOR.compress().toByteArray());
        for (byte[] k : new byte[][] {new byte[32], le(L)}) {
            assertThatThrownBy(() -> GROUP.multiply(g, k)).isInstanceOf(ProtocolException.class);
            assertThatThrownBy(() -> GROUP.multiplyGenerator(k)).isInstanceOf(ProtocolException.class);
        }
        byte[] k = le(L.add(BigInteger.valueOf(7)));
        byte[] seven = GROUP.multiplyGenerator(le(BigInteger.valueOf(7))).toByteArray();
        assertThat(GROUP.multiply(g, k).toByteArray()).isEqualTo(seven);
        assertThat(GROUP.multiplyGenerator(k).toByteArray()).isEqualTo(seven);
    }

    @Test
    void batchDoubleAndEncodeAgreesWithElisabeth() throws Exception {
        for (int round = 0; round < 200; round++) {
            int n = 1 + round % 6;
            Ristretto255Curve.Point[] ps = new Ristretto255Curve.Point[n];
            byte[][] expected = new byte[n][];
            for (int i = 0; i < n; i++) {
                RistrettoElement r = Constants.RISTRETTO_GENERATOR_TABLE.multiply(Scalar.fromBits(le(randomScalar())));
                // a representative that is not the canonical decoding: r·G computed by our ladder
                ps[i] = ((Ristretto255Element) GROUP.deserializeElement(r.compress().toByteArray())).point();
                if (i % 2 == 1) {
                    ps[i] = Ristretto255Curve.multiply(Ristretto255Curve.table(ps[i]), le(BigInteger.valueOf(3)));
                    r = r.multiply(Scalar.fromBits(le(BigInteger.valueOf(3))));
                }
                expected[i] = r.dbl().compress().toByteArray();
            }
            byte[][] out = Ristretto255Curve.doubleAndEncode(ps);
            for (int i = 0; i < n; i++) {
                assertThat(out[i]).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void halvingAndBatchEncodingOfResults() throws Exception {
        for (BigInteger k : scalars(300)) {
            BigInteger half = new BigInteger(1, org.bkv.opaque.internal.Bytes.reverse(Ristretto255Group.halve(le(k))));
            assertThat(half.shiftLeft(1).mod(L)).isEqualTo(k);
            assertThat(half).isLessThan(L);
        }
        GroupElement g = GROUP.deserializeElement(Constants.RISTRETTO_GENERATOR.compress().toByteArray());
        for (int round = 0; round < 100; round++) {
            GroupElement[] es = new GroupElement[5];
            byte[][] expected = new byte[5][];
            for (int i = 0; i < 5; i++) {
                byte[] k = le(randomScalar());
                RistrettoElement r = Constants.RISTRETTO_GENERATOR.multiply(Scalar.fromBits(k));
                es[i] = i == 0 ? Ristretto255Element.of(r) : i == 1 ? GROUP.multiplyGenerator(k) : GROUP.multiply(g, k);
                expected[i] = r.compress().toByteArray();
            }
            GroupElement[] out = GROUP.encodeAll(es);
            for (int i = 0; i < 5; i++) {
                assertThat(out[i].toByteArray()).isEqualTo(expected[i]);
                assertThat(((Ristretto255Element) out[i]).element()).isEqualTo(Ristretto255Element.of(
                        new CompressedRistretto(expected[i]).decompress()).element());
            }
            // a result used as a base before being encoded (its point is 2·half)
            byte[] k2 = le(randomScalar());
            GroupElement twice = GROUP.multiply(GROUP.multiply(g, le(BigInteger.valueOf(5))), k2);
            assertThat(twice.toByteArray()).isEqualTo(Constants.RISTRETTO_GENERATOR
                    .multiply(Scalar.fromBits(le(BigInteger.valueOf(5)))).multiply(Scalar.fromBits(k2)).compress().toByteArray());
        }
    }
}
