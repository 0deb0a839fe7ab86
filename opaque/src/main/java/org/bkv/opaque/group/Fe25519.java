package org.bkv.opaque.group;

import java.math.BigInteger;

/**
 * Arithmetic modulo p = 2^255 - 19 with five 51-bit limbs (little-endian) in a {@code long[5]}. Products are
 * split into their low 51 bits and the rest with {@link Math#multiplyHigh} (an intrinsic on x86-64 and aarch64),
 * so the columns are plain {@code long} sums. Every operation returns limbs below 2^52 (value not necessarily
 * below p: {@link #toBytes} gives the canonical encoding). No data-dependent branches; results may alias inputs.
 * This is the hot path of the ristretto255 server operations; it is checked against BigInteger and against
 * curve25519-elisabeth in {@code Ristretto255ArithmeticTest}.
 */
final class Fe25519 {
    static final long M = (1L << 51) - 1;
    static final BigInteger P_BIG = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final long[] ZERO = new long[5];

    private Fe25519() {
    }

    static long[] of(BigInteger v) {
        long[] r = new long[5];
        BigInteger x = v.mod(P_BIG);
        for (int i = 0; i < 5; i++) {
            r[i] = x.shiftRight(51 * i).longValue() & M;
        }
        return r;
    }

    static long[] of(long small) {
        return new long[] {small, 0, 0, 0, 0};
    }

    static BigInteger toBig(long[] a) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(51).add(BigInteger.valueOf(a[i]));
        }
        return v.mod(P_BIG);
    }

    static void copy(long[] r, long[] a) {
        System.arraycopy(a, 0, r, 0, 5);
    }

    static void mul(long[] r, long[] a, long[] b) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
        long b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
        long x, lo0 = 0, lo1 = 0, lo2 = 0, lo3 = 0, lo4 = 0, hi0 = 0, hi1 = 0, hi2 = 0, hi3 = 0, hi4 = 0;
        x = a0 * b0; lo0 += x & M; hi0 += (Math.multiplyHigh(a0, b0) << 13) | (x >>> 51);
        x = a1 * b4_19; lo0 += x & M; hi0 += (Math.multiplyHigh(a1, b4_19) << 13) | (x >>> 51);
        x = a2 * b3_19; lo0 += x & M; hi0 += (Math.multiplyHigh(a2, b3_19) << 13) | (x >>> 51);
        x = a3 * b2_19; lo0 += x & M; hi0 += (Math.multiplyHigh(a3, b2_19) << 13) | (x >>> 51);
        x = a4 * b1_19; lo0 += x & M; hi0 += (Math.multiplyHigh(a4, b1_19) << 13) | (x >>> 51);
        x = a0 * b1; lo1 += x & M; hi1 += (Math.multiplyHigh(a0, b1) << 13) | (x >>> 51);
        x = a1 * b0; lo1 += x & M; hi1 += (Math.multiplyHigh(a1, b0) << 13) | (x >>> 51);
        x = a2 * b4_19; lo1 += x & M; hi1 += (Math.multiplyHigh(a2, b4_19) << 13) | (x >>> 51);
        x = a3 * b3_19; lo1 += x & M; hi1 += (Math.multiplyHigh(a3, b3_19) << 13) | (x >>> 51);
        x = a4 * b2_19; lo1 += x & M; hi1 += (Math.multiplyHigh(a4, b2_19) << 13) | (x >>> 51);
        x = a0 * b2; lo2 += x & M; hi2 += (Math.multiplyHigh(a0, b2) << 13) | (x >>> 51);
        x = a1 * b1; lo2 += x & M; hi2 += (Math.multiplyHigh(a1, b1) << 13) | (x >>> 51);
        x = a2 * b0; lo2 += x & M; hi2 += (Math.multiplyHigh(a2, b0) << 13) | (x >>> 51);
        x = a3 * b4_19; lo2 += x & M; hi2 += (Math.multiplyHigh(a3, b4_19) << 13) | (x >>> 51);
        x = a4 * b3_19; lo2 += x & M; hi2 += (Math.multiplyHigh(a4, b3_19) << 13) | (x >>> 51);
        x = a0 * b3; lo3 += x & M; hi3 += (Math.multiplyHigh(a0, b3) << 13) | (x >>> 51);
        x = a1 * b2; lo3 += x & M; hi3 += (Math.multiplyHigh(a1, b2) << 13) | (x >>> 51);
        x = a2 * b1; lo3 += x & M; hi3 += (Math.multiplyHigh(a2, b1) << 13) | (x >>> 51);
        x = a3 * b0; lo3 += x & M; hi3 += (Math.multiplyHigh(a3, b0) << 13) | (x >>> 51);
        x = a4 * b4_19; lo3 += x & M; hi3 += (Math.multiplyHigh(a4, b4_19) << 13) | (x >>> 51);
        x = a0 * b4; lo4 += x & M; hi4 += (Math.multiplyHigh(a0, b4) << 13) | (x >>> 51);
        x = a1 * b3; lo4 += x & M; hi4 += (Math.multiplyHigh(a1, b3) << 13) | (x >>> 51);
        x = a2 * b2; lo4 += x & M; hi4 += (Math.multiplyHigh(a2, b2) << 13) | (x >>> 51);
        x = a3 * b1; lo4 += x & M; hi4 += (Math.multiplyHigh(a3, b1) << 13) | (x >>> 51);
        x = a4 * b0; lo4 += x & M; hi4 += (Math.multiplyHigh(a4, b0) << 13) | (x >>> 51);
        reduce(r, lo0, lo1, lo2, lo3, lo4, hi0, hi1, hi2, hi3, hi4);
    }

    static void sqr(long[] r, long[] a) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
        long a3_19 = 19 * a3, a4_19 = 19 * a4;
        long x, lo0 = 0, lo1 = 0, lo2 = 0, lo3 = 0, lo4 = 0, hi0 = 0, hi1 = 0, hi2 = 0, hi3 = 0, hi4 = 0;
        x = a0 * a0; lo0 += x & M; hi0 += (Math.multiplyHigh(a0, a0) << 13) | (x >>> 51);
        x = d1 * a4_19; lo0 += x & M; hi0 += (Math.multiplyHigh(d1, a4_19) << 13) | (x >>> 51);
        x = d2 * a3_19; lo0 += x & M; hi0 += (Math.multiplyHigh(d2, a3_19) << 13) | (x >>> 51);
        x = d0 * a1; lo1 += x & M; hi1 += (Math.multiplyHigh(d0, a1) << 13) | (x >>> 51);
        x = d2 * a4_19; lo1 += x & M; hi1 += (Math.multiplyHigh(d2, a4_19) << 13) | (x >>> 51);
        x = a3 * a3_19; lo1 += x & M; hi1 += (Math.multiplyHigh(a3, a3_19) << 13) | (x >>> 51);
        x = d0 * a2; lo2 += x & M; hi2 += (Math.multiplyHigh(d0, a2) << 13) | (x >>> 51);
        x = a1 * a1; lo2 += x & M; hi2 += (Math.multiplyHigh(a1, a1) << 13) | (x >>> 51);
        x = d3 * a4_19; lo2 += x & M; hi2 += (Math.multiplyHigh(d3, a4_19) << 13) | (x >>> 51);
        x = d0 * a3; lo3 += x & M; hi3 += (Math.multiplyHigh(d0, a3) << 13) | (x >>> 51);
        x = d1 * a2; lo3 += x & M; hi3 += (Math.multiplyHigh(d1, a2) << 13) | (x >>> 51);
        x = a4 * a4_19; lo3 += x & M; hi3 += (Math.multiplyHigh(a4, a4_19) << 13) | (x >>> 51);
        x = d0 * a4; lo4 += x & M; hi4 += (Math.multiplyHigh(d0, a4) << 13) | (x >>> 51);
        x = d1 * a3; lo4 += x & M; hi4 += (Math.multiplyHigh(d1, a3) << 13) | (x >>> 51);
        x = a2 * a2; lo4 += x & M; hi4 += (Math.multiplyHigh(a2, a2) << 13) | (x >>> 51);
        reduce(r, lo0, lo1, lo2, lo3, lo4, hi0, hi1, hi2, hi3, hi4);
    }

    /** Column k is lo_k + hi_k·2^51; 2^255 = 19. */
    private static void reduce(long[] r, long lo0, long lo1, long lo2, long lo3, long lo4,
                               long hi0, long hi1, long hi2, long hi3, long hi4) {
        carry(r, lo0 + 19 * (hi4 & M), lo1 + hi0 + 19 * (hi4 >>> 51), lo2 + hi1, lo3 + hi2, lo4 + hi3);
    }

    private static void carry(long[] r, long r0, long r1, long r2, long r3, long r4) {
        r1 += r0 >>> 51;
        r0 &= M;
        r2 += r1 >>> 51;
        r1 &= M;
        r3 += r2 >>> 51;
        r2 &= M;
        r4 += r3 >>> 51;
        r3 &= M;
        r0 += 19 * (r4 >>> 51);
        r4 &= M;
        r1 += r0 >>> 51;
        r0 &= M;
        r[0] = r0;
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
    }

    static void add(long[] r, long[] a, long[] b) {
        carry(r, a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]);
    }

    /** a - b + 4p, limb by limb (b's limbs are below 2^52). */
    static void sub(long[] r, long[] a, long[] b) {
        long four = 1L << 53;
        carry(r, a[0] + four - 76 - b[0], a[1] + four - 4 - b[1], a[2] + four - 4 - b[2], a[3] + four - 4 - b[3],
                a[4] + four - 4 - b[4]);
    }

    static void neg(long[] r, long[] a) {
        sub(r, ZERO, a);
    }

    /** r = a if flag is 1, b if flag is 0. */
    static void select(long[] r, long[] a, long[] b, long flag) {
        long mask = -flag;
        for (int i = 0; i < 5; i++) {
            r[i] = (a[i] & mask) | (b[i] & ~mask);
        }
    }

    /** Negates a in place if flag is 1. */
    static void condNeg(long[] a, long flag) {
        long[] n = new long[5];
        neg(n, a);
        select(a, n, a, flag);
    }

    static void sqrN(long[] r, long[] a, int n) {
        sqr(r, a);
        for (int i = 1; i < n; i++) {
            sqr(r, r);
        }
    }

    /** r = z^(2^252 - 3) (the ref10 chain). */
    static void pow22523(long[] r, long[] z) {
        long[] t0 = new long[5], t1 = new long[5], t2 = new long[5];
        sqr(t0, z); // 2
        sqrN(t1, t0, 2); // 8
        mul(t1, z, t1); // 9
        mul(t0, t0, t1); // 11
        sqr(t0, t0); // 22
        mul(t0, t1, t0); // 31 = 2^5 - 1
        sqrN(t1, t0, 5);
        mul(t0, t1, t0); // 2^10 - 1
        sqrN(t1, t0, 10);
        mul(t1, t1, t0); // 2^20 - 1
        sqrN(t2, t1, 20);
        mul(t1, t2, t1); // 2^40 - 1
        sqrN(t1, t1, 10);
        mul(t0, t1, t0); // 2^50 - 1
        sqrN(t1, t0, 50);
        mul(t1, t1, t0); // 2^100 - 1
        sqrN(t2, t1, 100);
        mul(t1, t2, t1); // 2^200 - 1
        sqrN(t1, t1, 50);
        mul(t0, t1, t0); // 2^250 - 1
        sqrN(t0, t0, 2);
        mul(r, t0, z); // 2^252 - 3
    }

    /** r = z^(p-2) = 1/z. */
    static void invert(long[] r, long[] z) {
        // z^(p-2) = z^(2^255 - 21) = (z^(2^252 - 3))^8 · z^3
        long[] t = new long[5], z3 = new long[5];
        pow22523(t, z);
        sqrN(t, t, 3);
        sqr(z3, z);
        mul(z3, z3, z);
        mul(r, t, z3);
    }

    /** Canonical little-endian encoding. */
    static void toBytes(byte[] out, int off, long[] a) {
        long h0 = a[0], h1 = a[1], h2 = a[2], h3 = a[3], h4 = a[4];
        // one more carry pass: limbs below 2^51 except h0 which may exceed by 19·(small)
        h1 += h0 >>> 51;
        h0 &= M;
        h2 += h1 >>> 51;
        h1 &= M;
        h3 += h2 >>> 51;
        h2 &= M;
        h4 += h3 >>> 51;
        h3 &= M;
        h0 += 19 * (h4 >>> 51);
        h4 &= M;
        long q = (h0 + 19) >>> 51;
        q = (h1 + q) >>> 51;
        q = (h2 + q) >>> 51;
        q = (h3 + q) >>> 51;
        q = (h4 + q) >>> 51;
        h0 += 19 * q;
        h1 += h0 >>> 51;
        h0 &= M;
        h2 += h1 >>> 51;
        h1 &= M;
        h3 += h2 >>> 51;
        h2 &= M;
        h4 += h3 >>> 51;
        h3 &= M;
        h4 &= M;
        putLe64(out, off, h0 | (h1 << 51));
        putLe64(out, off + 8, (h1 >>> 13) | (h2 << 38));
        putLe64(out, off + 16, (h2 >>> 26) | (h3 << 25));
        putLe64(out, off + 24, (h3 >>> 39) | (h4 << 12));
    }

    static byte[] toBytes(long[] a) {
        byte[] out = new byte[32];
        toBytes(out, 0, a);
        return out;
    }

    /** The low 255 bits of 32 little-endian bytes (not reduced; bit 255 ignored). */
    static void fromBytes(long[] r, byte[] b, int off) {
        long w0 = le64(b, off), w1 = le64(b, off + 8), w2 = le64(b, off + 16), w3 = le64(b, off + 24);
        r[0] = w0 & M;
        r[1] = ((w0 >>> 51) | (w1 << 13)) & M;
        r[2] = ((w1 >>> 38) | (w2 << 26)) & M;
        r[3] = ((w2 >>> 25) | (w3 << 39)) & M;
        r[4] = (w3 >>> 12) & M;
    }

    /** 1 if the canonical value is odd ("negative" in RFC 9496), else 0. */
    static long isNegative(long[] a) {
        return toBytes(a)[0] & 1;
    }

    /** 1 if a = 0 mod p, else 0 (constant time). */
    static long isZero(long[] a) {
        byte[] s = toBytes(a);
        int acc = 0;
        for (byte x : s) {
            acc |= x & 0xff;
        }
        return ((acc - 1) >>> 31) & 1;
    }

    /** 1 if a = b mod p, else 0. */
    static long equal(long[] a, long[] b) {
        long[] d = new long[5];
        sub(d, a, b);
        return isZero(d);
    }

    /** |a|: the non-negative one of ±a. */
    static void abs(long[] r, long[] a) {
        long[] n = new long[5];
        neg(n, a);
        select(r, n, a, isNegative(a));
    }

    static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
