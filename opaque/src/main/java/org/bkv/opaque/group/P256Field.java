package org.bkv.opaque.group;

import java.math.BigInteger;
import org.bouncycastle.math.raw.Mod;
import org.bouncycastle.math.raw.Nat256;

/**
 * Arithmetic modulo the P-256 prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 in Montgomery form with R = 2^260:
 * an element is five 52-bit limbs (little-endian) in a {@code long[5]}, always fully reduced (below p).
 * 52-bit limbs let a 104-bit product be split into a low and a high part with {@link Math#multiplyHigh}
 * (an intrinsic on x86-64 and aarch64) and summed in plain {@code long} columns without carry handling.
 * Because p = -1 mod 2^96, the Montgomery factor of each reduction round is the limb itself, and adding m·p
 * (p's limbs are 2^52-1, 2^44-1, 0, 2^36, 2^48-2^16) takes only shifts; the columns are signed during the
 * reduction and carried with arithmetic shifts.
 *
 * <p>Every operation runs the same instructions whatever the values (no data-dependent branches or
 * table indices); results may alias inputs. Not for general use: this is the hot path of the P-256
 * scalar multiplications, checked against Bouncy Castle in {@code P256ArithmeticTest}.
 */
final class P256Field {
    static final long M = (1L << 52) - 1;
    static final BigInteger P_BIG = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    static final long P0 = M;
    static final long P1 = (1L << 44) - 1;
    static final long P3 = 1L << 36;
    static final long P4 = 0xFFFFFFFFL << 16;
    /** R mod p: the Montgomery form of 1. */
    static final long[] ONE = fromBig(BigInteger.ONE.shiftLeft(260).mod(P_BIG));
    /** R^2 mod p: multiplying by it converts into Montgomery form. */
    private static final long[] R2 = fromBig(BigInteger.ONE.shiftLeft(520).mod(P_BIG));
    /** R^3 mod p: multiplying the inverse of a Montgomery representation by it gives the representation of the inverse. */
    private static final long[] R3 = fromBig(BigInteger.ONE.shiftLeft(780).mod(P_BIG));
    /** p as eight little-endian 32-bit words, for {@link Mod#modOddInverse}. */
    private static final int[] P_INTS = Nat256.fromBigInteger(P_BIG);
    private static final long[] PLAIN_ONE = {1, 0, 0, 0, 0};

    private P256Field() {
    }

    /** Plain limbs of a value below 2^260 (static initialisation and tests only). */
    static long[] fromBig(BigInteger v) {
        long[] r = new long[5];
        for (int i = 0; i < 5; i++) {
            r[i] = v.shiftRight(52 * i).longValue() & M;
        }
        return r;
    }

    /** The value of plain limbs (tests only). */
    static BigInteger toBig(long[] a) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(52).add(BigInteger.valueOf(a[i]));
        }
        return v;
    }

    static long[] create() {
        return new long[5];
    }

    static void copy(long[] r, long[] a) {
        System.arraycopy(a, 0, r, 0, 5);
    }

    /** r = a·b·R^-1 mod p. */
    static void mul(long[] r, long[] a, long[] b) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
        long m;
        long x, c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0, c9 = 0;
        long h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0, h8 = 0, h9 = 0;
        x = a0 * b0; c0 += x & M; c1 += x >>> 52; h1 += Math.multiplyHigh(a0, b0);
        x = a0 * b1; c1 += x & M; c2 += x >>> 52; h2 += Math.multiplyHigh(a0, b1);
        x = a0 * b2; c2 += x & M; c3 += x >>> 52; h3 += Math.multiplyHigh(a0, b2);
        x = a0 * b3; c3 += x & M; c4 += x >>> 52; h4 += Math.multiplyHigh(a0, b3);
        x = a0 * b4; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(a0, b4);
        x = a1 * b0; c1 += x & M; c2 += x >>> 52; h2 += Math.multiplyHigh(a1, b0);
        x = a1 * b1; c2 += x & M; c3 += x >>> 52; h3 += Math.multiplyHigh(a1, b1);
        x = a1 * b2; c3 += x & M; c4 += x >>> 52; h4 += Math.multiplyHigh(a1, b2);
        x = a1 * b3; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(a1, b3);
        x = a1 * b4; c5 += x & M; c6 += x >>> 52; h6 += Math.multiplyHigh(a1, b4);
        x = a2 * b0; c2 += x & M; c3 += x >>> 52; h3 += Math.multiplyHigh(a2, b0);
        x = a2 * b1; c3 += x & M; c4 += x >>> 52; h4 += Math.multiplyHigh(a2, b1);
        x = a2 * b2; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(a2, b2);
        x = a2 * b3; c5 += x & M; c6 += x >>> 52; h6 += Math.multiplyHigh(a2, b3);
        x = a2 * b4; c6 += x & M; c7 += x >>> 52; h7 += Math.multiplyHigh(a2, b4);
        x = a3 * b0; c3 += x & M; c4 += x >>> 52; h4 += Math.multiplyHigh(a3, b0);
        x = a3 * b1; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(a3, b1);
        x = a3 * b2; c5 += x & M; c6 += x >>> 52; h6 += Math.multiplyHigh(a3, b2);
        x = a3 * b3; c6 += x & M; c7 += x >>> 52; h7 += Math.multiplyHigh(a3, b3);
        x = a3 * b4; c7 += x & M; c8 += x >>> 52; h8 += Math.multiplyHigh(a3, b4);
        x = a4 * b0; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(a4, b0);
        x = a4 * b1; c5 += x & M; c6 += x >>> 52; h6 += Math.multiplyHigh(a4, b1);
        x = a4 * b2; c6 += x & M; c7 += x >>> 52; h7 += Math.multiplyHigh(a4, b2);
        x = a4 * b3; c7 += x & M; c8 += x >>> 52; h8 += Math.multiplyHigh(a4, b3);
        x = a4 * b4; c8 += x & M; c9 += x >>> 52; h9 += Math.multiplyHigh(a4, b4);
        c1 += h1 << 12; c2 += h2 << 12; c3 += h3 << 12; c4 += h4 << 12; c5 += h5 << 12;
        c6 += h6 << 12; c7 += h7 << 12; c8 += h8 << 12; c9 += h9 << 12;
        c1 += c0 >> 52; m = c0 & M;
        c1 += (m & 0xFFL) << 44; c2 += m >>> 8;
        c3 += (m & 0xFFFFL) << 36; c4 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c5 += (m >>> 4) - (m >>> 36);
        c2 += c1 >> 52; m = c1 & M;
        c2 += (m & 0xFFL) << 44; c3 += m >>> 8;
        c4 += (m & 0xFFFFL) << 36; c5 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c6 += (m >>> 4) - (m >>> 36);
        c3 += c2 >> 52; m = c2 & M;
        c3 += (m & 0xFFL) << 44; c4 += m >>> 8;
        c5 += (m & 0xFFFFL) << 36; c6 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c7 += (m >>> 4) - (m >>> 36);
        c4 += c3 >> 52; m = c3 & M;
        c4 += (m & 0xFFL) << 44; c5 += m >>> 8;
        c6 += (m & 0xFFFFL) << 36; c7 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c8 += (m >>> 4) - (m >>> 36);
        c5 += c4 >> 52; m = c4 & M;
        c5 += (m & 0xFFL) << 44; c6 += m >>> 8;
        c7 += (m & 0xFFFFL) << 36; c8 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c9 += (m >>> 4) - (m >>> 36);
        finish(r, c5, c6, c7, c8, c9);
    }

    /** r = a²·R^-1 mod p. */
    static void sqr(long[] r, long[] a) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long m;
        long x, c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0, c9 = 0;
        long h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0, h8 = 0, h9 = 0;
        long d0 = a0 << 1, d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1;
        x = a0 * a0; c0 += x & M; c1 += x >>> 52; h1 += Math.multiplyHigh(a0, a0);
        x = d0 * a1; c1 += x & M; c2 += x >>> 52; h2 += Math.multiplyHigh(d0, a1);
        x = d0 * a2; c2 += x & M; c3 += x >>> 52; h3 += Math.multiplyHigh(d0, a2);
        x = d0 * a3; c3 += x & M; c4 += x >>> 52; h4 += Math.multiplyHigh(d0, a3);
        x = d0 * a4; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(d0, a4);
        x = a1 * a1; c2 += x & M; c3 += x >>> 52; h3 += Math.multiplyHigh(a1, a1);
        x = d1 * a2; c3 += x & M; c4 += x >>> 52; h4 += Math.multiplyHigh(d1, a2);
        x = d1 * a3; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(d1, a3);
        x = d1 * a4; c5 += x & M; c6 += x >>> 52; h6 += Math.multiplyHigh(d1, a4);
        x = a2 * a2; c4 += x & M; c5 += x >>> 52; h5 += Math.multiplyHigh(a2, a2);
        x = d2 * a3; c5 += x & M; c6 += x >>> 52; h6 += Math.multiplyHigh(d2, a3);
        x = d2 * a4; c6 += x & M; c7 += x >>> 52; h7 += Math.multiplyHigh(d2, a4);
        x = a3 * a3; c6 += x & M; c7 += x >>> 52; h7 += Math.multiplyHigh(a3, a3);
        x = d3 * a4; c7 += x & M; c8 += x >>> 52; h8 += Math.multiplyHigh(d3, a4);
        x = a4 * a4; c8 += x & M; c9 += x >>> 52; h9 += Math.multiplyHigh(a4, a4);
        c1 += h1 << 12; c2 += h2 << 12; c3 += h3 << 12; c4 += h4 << 12; c5 += h5 << 12;
        c6 += h6 << 12; c7 += h7 << 12; c8 += h8 << 12; c9 += h9 << 12;
        c1 += c0 >> 52; m = c0 & M;
        c1 += (m & 0xFFL) << 44; c2 += m >>> 8;
        c3 += (m & 0xFFFFL) << 36; c4 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c5 += (m >>> 4) - (m >>> 36);
        c2 += c1 >> 52; m = c1 & M;
        c2 += (m & 0xFFL) << 44; c3 += m >>> 8;
        c4 += (m & 0xFFFFL) << 36; c5 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c6 += (m >>> 4) - (m >>> 36);
        c3 += c2 >> 52; m = c2 & M;
        c3 += (m & 0xFFL) << 44; c4 += m >>> 8;
        c5 += (m & 0xFFFFL) << 36; c6 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c7 += (m >>> 4) - (m >>> 36);
        c4 += c3 >> 52; m = c3 & M;
        c4 += (m & 0xFFL) << 44; c5 += m >>> 8;
        c6 += (m & 0xFFFFL) << 36; c7 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c8 += (m >>> 4) - (m >>> 36);
        c5 += c4 >> 52; m = c4 & M;
        c5 += (m & 0xFFL) << 44; c6 += m >>> 8;
        c7 += (m & 0xFFFFL) << 36; c8 += (m >>> 16) + ((m & 0xFL) << 48) - ((m & 0xFFFFFFFFFL) << 16);
        c9 += (m >>> 4) - (m >>> 36);
        finish(r, c5, c6, c7, c8, c9);
    }

    /**
     * Carries c0..c4 (signed limbs of a value in [0, 2p)) into 52-bit limbs and subtracts p once if needed.
     */
    private static void finish(long[] r, long c0, long c1, long c2, long c3, long c4) {
        c1 += c0 >> 52;
        c0 &= M;
        c2 += c1 >> 52;
        c1 &= M;
        c3 += c2 >> 52;
        c2 &= M;
        c4 += c3 >> 52;
        c3 &= M;
        long t0 = c0 - P0;
        long t1 = c1 - P1 + (t0 >> 52);
        t0 &= M;
        long t2 = c2 + (t1 >> 52);
        t1 &= M;
        long t3 = c3 - P3 + (t2 >> 52);
        t2 &= M;
        long t4 = c4 - P4 + (t3 >> 52);
        t3 &= M;
        long keep = t4 >> 63; // all ones if c < p
        r[0] = (c0 & keep) | (t0 & ~keep);
        r[1] = (c1 & keep) | (t1 & ~keep);
        r[2] = (c2 & keep) | (t2 & ~keep);
        r[3] = (c3 & keep) | (t3 & ~keep);
        r[4] = (c4 & keep) | (t4 & ~keep);
    }

    /** r = a + b mod p. */
    static void add(long[] r, long[] a, long[] b) {
        finish(r, a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]);
    }

    /**
     * r = a + b, limb by limb, not reduced: below 2p for a and b below p, limbs below 2^53. Only for a value that
     * goes straight into {@link #mul} or {@link #sqr} (which accept operands whose product is below 16p², limbs below
     * 2^54, and return fully reduced results); never for one that is compared, encoded or added again.
     */
    static void addLazy(long[] r, long[] a, long[] b) {
        r[0] = a[0] + b[0];
        r[1] = a[1] + b[1];
        r[2] = a[2] + b[2];
        r[3] = a[3] + b[3];
        r[4] = a[4] + b[4];
    }

    /** 2p with every limb at least 2^52 - 1 (so that subtracting a reduced element's limbs never goes negative). */
    private static final long L0 = 2 * P0;
    private static final long L1 = 2 * P1 + (1L << 52);
    private static final long L2 = (1L << 52) - 1;
    private static final long L3 = 2 * P3 - 1 + (1L << 52);
    private static final long L4 = 2 * P4 - 1;

    /**
     * r = a - b + 2p, limb by limb, not reduced: in (p, 3p) for a and b below p, limbs below 2^54. Only for a
     * value that goes straight into {@link #mul} or {@link #sqr}, as {@link #addLazy}.
     */
    static void subLazy(long[] r, long[] a, long[] b) {
        r[0] = a[0] + L0 - b[0];
        r[1] = a[1] + L1 - b[1];
        r[2] = a[2] + L2 - b[2];
        r[3] = a[3] + L3 - b[3];
        r[4] = a[4] + L4 - b[4];
    }

    /** r = k·a mod p for a small constant 0 < k ≤ 16. */
    static void mulSmall(long[] r, long[] a, int k) {
        long c0 = a[0] * k;
        long c1 = a[1] * k + (c0 >>> 52);
        c0 &= M;
        long c2 = a[2] * k + (c1 >>> 52);
        c1 &= M;
        long c3 = a[3] * k + (c2 >>> 52);
        c2 &= M;
        long c4 = a[4] * k + (c3 >>> 52);
        c3 &= M;
        // value = low + q·2^256 with q < 32; 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p)
        long q = c4 >>> 48;
        c4 = (c4 & ((1L << 48) - 1)) + (q << 16);
        c3 -= q << 36;
        c1 -= q << 44;
        c0 += q;
        finish(r, c0, c1, c2, c3, c4);
    }

    /** r = a - b mod p. */
    static void sub(long[] r, long[] a, long[] b) {
        long c0 = a[0] - b[0];
        long c1 = a[1] - b[1] + (c0 >> 52);
        c0 &= M;
        long c2 = a[2] - b[2] + (c1 >> 52);
        c1 &= M;
        long c3 = a[3] - b[3] + (c2 >> 52);
        c2 &= M;
        long c4 = a[4] - b[4] + (c3 >> 52);
        c3 &= M;
        long neg = c4 >> 63; // all ones if a < b: add p
        c0 += P0 & neg;
        c1 += (P1 & neg) + (c0 >> 52);
        c0 &= M;
        c2 += c1 >> 52;
        c1 &= M;
        c3 += (P3 & neg) + (c2 >> 52);
        c2 &= M;
        c4 += (P4 & neg) + (c3 >> 52);
        c3 &= M;
        r[0] = c0;
        r[1] = c1;
        r[2] = c2;
        r[3] = c3;
        r[4] = c4;
    }

    private static final long[] ZERO = new long[5];

    /** r = -a mod p. */
    static void neg(long[] r, long[] a) {
        sub(r, ZERO, a);
    }

    /** r = a if flag is 1, b if flag is 0 (flag must be 0 or 1). */
    static void select(long[] r, long[] a, long[] b, long flag) {
        long mask = -flag;
        for (int i = 0; i < 5; i++) {
            r[i] = (a[i] & mask) | (b[i] & ~mask);
        }
    }

    /** 1 if a is zero, else 0 (constant time). */
    static long isZero(long[] a) {
        long acc = a[0] | a[1] | a[2] | a[3] | a[4];
        return ((acc | -acc) >>> 63) ^ 1;
    }

    static boolean equal(long[] a, long[] b) {
        long acc = 0;
        for (int i = 0; i < 5; i++) {
            acc |= a[i] ^ b[i];
        }
        return acc == 0;
    }

    /** r = a squared n times. */
    static void sqrN(long[] r, long[] a, int n) {
        sqr(r, a);
        for (int i = 1; i < n; i++) {
            sqr(r, r);
        }
    }

    /**
     * r = a^-1 (0 for 0) by Bernstein–Yang's safegcd as Bouncy Castle implements it ({@link Mod#modOddInverse}:
     * constant time, a fixed number of divsteps with masks, no branch on the value): about a fifth of the time of
     * the 255 squarings of a^(p-2) here. It inverts the Montgomery representation aR itself and multiplies the result
     * by R^3 (one Montgomery multiplication), which gives a^-1·R.
     */
    static void invert(long[] r, long[] a) {
        int[] x = new int[8];
        int[] z = new int[8];
        toInts(x, a);
        Mod.modOddInverse(P_INTS, x, z); // its result flag only says whether a was 0, which gives 0 as required
        fromInts(r, z);
        mul(r, r, R3);
    }

    /** The eight little-endian 32-bit words of the representation a (not converted out of Montgomery form). */
    private static void toInts(int[] x, long[] a) {
        long w0 = a[0] | (a[1] << 52);
        long w1 = (a[1] >>> 12) | (a[2] << 40);
        long w2 = (a[2] >>> 24) | (a[3] << 28);
        long w3 = (a[3] >>> 36) | (a[4] << 16);
        x[0] = (int) w0;
        x[1] = (int) (w0 >>> 32);
        x[2] = (int) w1;
        x[3] = (int) (w1 >>> 32);
        x[4] = (int) w2;
        x[5] = (int) (w2 >>> 32);
        x[6] = (int) w3;
        x[7] = (int) (w3 >>> 32);
    }

    /** The inverse of {@link #toInts} for a value below p. */
    private static void fromInts(long[] r, int[] x) {
        long w0 = (x[0] & 0xFFFFFFFFL) | ((long) x[1] << 32);
        long w1 = (x[2] & 0xFFFFFFFFL) | ((long) x[3] << 32);
        long w2 = (x[4] & 0xFFFFFFFFL) | ((long) x[5] << 32);
        long w3 = (x[6] & 0xFFFFFFFFL) | ((long) x[7] << 32);
        r[0] = w0 & M;
        r[1] = ((w0 >>> 52) | (w1 << 12)) & M;
        r[2] = ((w1 >>> 40) | (w2 << 24)) & M;
        r[3] = ((w2 >>> 28) | (w3 << 36)) & M;
        r[4] = w3 >>> 16;
    }

    /**
     * {a^(2^2 - 1), a^(2^4 - 1), a^(2^8 - 1), a^(2^16 - 1), a^(2^32 - 1)}: the start of every fixed exponentiation
     * chain for P-256's p (square root here, sqrt_ratio's exponent in {@link P256HashToCurve}).
     */
    static long[][] onesChain(long[] a) {
        long[][] x = new long[5][5];
        sqr(x[0], a);
        mul(x[0], x[0], a);
        for (int i = 1, bits = 2; i < 5; i++, bits *= 2) {
            sqrN(x[i], x[i - 1], bits);
            mul(x[i], x[i], x[i - 1]);
        }
        return x;
    }

    /**
     * r = a^((p+1)/4), a square root of a if a is a square. Returns true if r² = a.
     */
    static boolean sqrt(long[] r, long[] a) {
        long[][] x = onesChain(a);
        long[] x2 = x[0], t = create();
        sqrN(t, x[4], 32);
        mul(t, t, a);
        sqrN(t, t, 96);
        mul(t, t, a);
        sqrN(t, t, 94);
        sqr(x2, t);
        copy(r, t);
        return equal(x2, a);
    }

    /** Montgomery form of a canonical big-endian 32-byte value (the caller has checked it is below p). */
    static void fromBytes(long[] r, byte[] b, int off) {
        long w3 = be64(b, off), w2 = be64(b, off + 8), w1 = be64(b, off + 16), w0 = be64(b, off + 24);
        r[0] = w0 & M;
        r[1] = ((w0 >>> 52) | (w1 << 12)) & M;
        r[2] = ((w1 >>> 40) | (w2 << 24)) & M;
        r[3] = ((w2 >>> 28) | (w3 << 36)) & M;
        r[4] = w3 >>> 16;
        mul(r, r, R2);
    }

    /** Canonical big-endian 32-byte encoding of a (Montgomery form) into b at off. */
    static void toBytes(byte[] b, int off, long[] a) {
        long[] t = create();
        mul(t, a, PLAIN_ONE);
        long w0 = t[0] | (t[1] << 52);
        long w1 = (t[1] >>> 12) | (t[2] << 40);
        long w2 = (t[2] >>> 24) | (t[3] << 28);
        long w3 = (t[3] >>> 36) | (t[4] << 16);
        putBe64(b, off, w3);
        putBe64(b, off + 8, w2);
        putBe64(b, off + 16, w1);
        putBe64(b, off + 24, w0);
    }

    /** The parity (lowest bit) of the canonical value of a (Montgomery form). */
    static int parity(long[] a) {
        long[] t = create();
        mul(t, a, PLAIN_ONE);
        return (int) (t[0] & 1);
    }

    static long be64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static void putBe64(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
