package org.bkv.opaque.group;

import static org.bkv.opaque.group.Fe25519.add;
import static org.bkv.opaque.group.Fe25519.copy;
import static org.bkv.opaque.group.Fe25519.mul;
import static org.bkv.opaque.group.Fe25519.sqr;
import static org.bkv.opaque.group.Fe25519.sub;

import java.math.BigInteger;

/**
 * ristretto255 (RFC 9496) on {@link Fe25519}: decoding, encoding, and scalar multiplication on the twisted
 * Edwards curve -x² + y² = 1 + d·x²·y² in extended coordinates (X:Y:Z:T). A ristretto255 element is a class of
 * curve points that differ by 4-torsion; any representative gives the same encoding, so multiplying a
 * representative by any integer congruent to the scalar gives a representative of the product.
 *
 * <p>The addition formulas (add-2008-hwcd-3 with cached 2d·T) are complete on this curve: no exceptional
 * cases, the identity included. <b>Scalar multiplication is constant-time</b>: the scalar is recoded into 64
 * signed radix-16 digits in [-8, 8] with arithmetic only; every digit costs the same doublings and one
 * addition; table entries are fetched by scanning the whole table with masks and negated with masks. This is
 * the algorithm of curve25519-dalek / elisabeth, on faster field arithmetic. The generator uses a 64 × 8
 * table of affine points (i·16^j·B), so k·B is 64 mixed additions and no doubling.
 */
final class Ristretto255Curve {
    private static final BigInteger P = Fe25519.P_BIG;
    static final long[] ONE = Fe25519.of(1);
    private static final BigInteger D_BIG = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final long[] D = Fe25519.of(D_BIG);
    private static final long[] D2 = Fe25519.of(D_BIG.shiftLeft(1));
    private static final long[] SQRT_M1 = Fe25519.of(new BigInteger(
            "19681161376707505956807079304988542015446066515923890162744021073123829784752"));
    private static final long[] INVSQRT_A_MINUS_D = Fe25519.of(new BigInteger(
            "54469307008909316920995813868745141605393597292927456921205312896311721017578"));
    /** The ristretto255 generator's encoding (RFC 9496 §4.4). */
    private static final byte[] GENERATOR = org.bouncycastle.util.encoders.Hex.decode(
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
    /** 64 positions × 8 entries (i+1)·16^j·B as affine Niels points (y+x ‖ y-x ‖ 2d·x·y, 15 words). */
    private static final long[][][] G_TABLE = buildGeneratorTable();

    private Ristretto255Curve() {
    }

    /** Extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z. */
    static final class Point {
        final long[] x = new long[5];
        final long[] y = new long[5];
        final long[] z = new long[5];
        final long[] t = new long[5];

        static Point identity() {
            Point p = new Point();
            copy(p.y, ONE);
            copy(p.z, ONE);
            return p;
        }

        void set(Point o) {
            copy(x, o.x);
            copy(y, o.y);
            copy(z, o.z);
            copy(t, o.t);
        }
    }

    /** (Y+X, Y-X, 2Z, 2d·T) of a point, for additions. */
    static final class Cached {
        final long[] ypx = new long[5];
        final long[] ymx = new long[5];
        final long[] z2 = new long[5];
        final long[] t2d = new long[5];
    }

    static final class Scratch {
        final long[] a = new long[5];
        final long[] b = new long[5];
        final long[] c = new long[5];
        final long[] d = new long[5];
        final long[] e = new long[5];
        final long[] f = new long[5];
        final long[] g = new long[5];
        final long[] h = new long[5];
    }

    static void toCached(Cached r, Point p) {
        add(r.ypx, p.y, p.x);
        sub(r.ymx, p.y, p.x);
        add(r.z2, p.z, p.z);
        mul(r.t2d, p.t, D2);
    }

    /** p = 2p; T is computed only if {@code withT}. */
    static void dbl(Point p, Scratch s, boolean withT) {
        long[] a = s.a, b = s.b, c = s.c, e = s.e, f = s.f, g = s.g, h = s.h;
        sqr(a, p.x);
        sqr(b, p.y);
        sqr(c, p.z);
        add(c, c, c);
        add(e, p.x, p.y);
        sqr(e, e);
        sub(e, e, a);
        sub(e, e, b); // E = 2XY
        sub(g, b, a); // G = B - A (= a·A + B with a = -1)
        sub(f, g, c); // F = G - C
        add(h, a, b);
        Fe25519.neg(h, h); // H = -A - B
        mul(p.x, e, f);
        mul(p.y, g, h);
        mul(p.z, f, g);
        if (withT) {
            mul(p.t, e, h);
        }
    }

    /** p = p + q (complete); T is computed only if {@code withT}. */
    static void addCached(Point p, Cached q, Scratch s, boolean withT) {
        long[] a = s.a, b = s.b, c = s.c, d = s.d, e = s.e, f = s.f, g = s.g, h = s.h;
        sub(a, p.y, p.x);
        mul(a, a, q.ymx);
        add(b, p.y, p.x);
        mul(b, b, q.ypx);
        mul(c, p.t, q.t2d);
        mul(d, p.z, q.z2);
        sub(e, b, a);
        sub(f, d, c);
        add(g, d, c);
        add(h, b, a);
        mul(p.x, e, f);
        mul(p.y, g, h);
        mul(p.z, f, g);
        if (withT) {
            mul(p.t, e, h);
        }
    }

    /** p = p + (affine Niels point at entry[0..15)) (complete). */
    private static void addAffine(Point p, long[] ypx, long[] ymx, long[] xy2d, Scratch s) {
        long[] a = s.a, b = s.b, c = s.c, d = s.d, e = s.e, f = s.f, g = s.g, h = s.h;
        sub(a, p.y, p.x);
        mul(a, a, ymx);
        add(b, p.y, p.x);
        mul(b, b, ypx);
        mul(c, p.t, xy2d);
        add(d, p.z, p.z);
        sub(e, b, a);
        sub(f, d, c);
        add(g, d, c);
        add(h, b, a);
        mul(p.x, e, f);
        mul(p.y, g, h);
        mul(p.z, f, g);
        mul(p.t, e, h);
    }

    /** [P, 2P, …, 8P] in cached form. */
    static Cached[] table(Point p) {
        Scratch s = new Scratch();
        Cached[] t = new Cached[8];
        t[0] = new Cached();
        toCached(t[0], p);
        Point acc = new Point();
        acc.set(p);
        for (int i = 1; i < 8; i++) {
            addCached(acc, t[0], s, true);
            t[i] = new Cached();
            toCached(t[i], acc);
        }
        return t;
    }

    /** 64 signed radix-16 digits in [-8, 8] of a scalar below 2^255 (little-endian bytes), constant time. */
    private static byte[] digits(byte[] scalar) {
        byte[] e = new byte[64];
        for (int i = 0; i < 32; i++) {
            e[2 * i] = (byte) (scalar[i] & 15);
            e[2 * i + 1] = (byte) ((scalar[i] >>> 4) & 15);
        }
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            int v = e[i] + carry;
            carry = (v + 8) >> 4;
            e[i] = (byte) (v - (carry << 4));
        }
        e[63] = (byte) (e[63] + carry);
        return e;
    }

    /** r = digit·P from [P..8P] (digit in [-8, 8]), scanning the whole table. */
    private static void lookup(Cached r, Cached[] table, int digit) {
        int sign = digit >>> 31;
        int abs = (digit ^ -sign) + sign;
        copy(r.ypx, ONE);
        copy(r.ymx, ONE);
        copy(r.z2, ONE);
        add(r.z2, r.z2, r.z2);
        for (int l = 0; l < 5; l++) {
            r.t2d[l] = 0;
        }
        for (int i = 0; i < 8; i++) {
            long mask = ((long) ((i + 1) ^ abs) - 1) >> 63;
            Cached c = table[i];
            for (int l = 0; l < 5; l++) {
                r.ypx[l] = (c.ypx[l] & mask) | (r.ypx[l] & ~mask);
                r.ymx[l] = (c.ymx[l] & mask) | (r.ymx[l] & ~mask);
                r.z2[l] = (c.z2[l] & mask) | (r.z2[l] & ~mask);
                r.t2d[l] = (c.t2d[l] & mask) | (r.t2d[l] & ~mask);
            }
        }
        // negate: swap Y+X and Y-X, negate 2dT
        long m = -(long) sign;
        for (int l = 0; l < 5; l++) {
            long x = (r.ypx[l] ^ r.ymx[l]) & m;
            r.ypx[l] ^= x;
            r.ymx[l] ^= x;
        }
        Fe25519.condNeg(r.t2d, sign);
    }

    /** scalar·P for a scalar below 2^255 (little-endian), P given by its table. */
    static Point multiply(Cached[] table, byte[] scalar) {
        byte[] e = digits(scalar);
        Scratch s = new Scratch();
        Point acc = Point.identity();
        Cached q = new Cached();
        for (int i = 63; i >= 0; i--) {
            if (i != 63) {
                dbl(acc, s, false);
                dbl(acc, s, false);
                dbl(acc, s, false);
                dbl(acc, s, true);
            }
            lookup(q, table, e[i]);
            addCached(acc, q, s, true);
        }
        java.util.Arrays.fill(e, (byte) 0);
        return acc;
    }

    /** scalar·B for a scalar below 2^255 (little-endian). */
    static Point multiplyGenerator(byte[] scalar) {
        byte[] e = digits(scalar);
        Scratch s = new Scratch();
        Point acc = Point.identity();
        long[] ypx = new long[5], ymx = new long[5], xy2d = new long[5];
        for (int j = 0; j < 64; j++) {
            int digit = e[j];
            int sign = digit >>> 31;
            int abs = (digit ^ -sign) + sign;
            copy(ypx, ONE);
            copy(ymx, ONE);
            for (int l = 0; l < 5; l++) {
                xy2d[l] = 0;
            }
            long[][] row = G_TABLE[j];
            for (int i = 0; i < 8; i++) {
                long mask = ((long) ((i + 1) ^ abs) - 1) >> 63;
                long[] en = row[i];
                for (int l = 0; l < 5; l++) {
                    ypx[l] = (en[l] & mask) | (ypx[l] & ~mask);
                    ymx[l] = (en[5 + l] & mask) | (ymx[l] & ~mask);
                    xy2d[l] = (en[10 + l] & mask) | (xy2d[l] & ~mask);
                }
            }
            long m = -(long) sign;
            for (int l = 0; l < 5; l++) {
                long x = (ypx[l] ^ ymx[l]) & m;
                ypx[l] ^= x;
                ymx[l] ^= x;
            }
            Fe25519.condNeg(xy2d, sign);
            addAffine(acc, ypx, ymx, xy2d, s);
        }
        java.util.Arrays.fill(e, (byte) 0);
        return acc;
    }

    private static long[][][] buildGeneratorTable() {
        Point base = decode(GENERATOR);
        Scratch s = new Scratch();
        Point[] all = new Point[64 * 8];
        for (int j = 0; j < 64; j++) {
            Cached c = new Cached();
            toCached(c, base);
            Point acc = new Point();
            acc.set(base);
            for (int i = 0; i < 8; i++) {
                if (i > 0) {
                    addCached(acc, c, s, true);
                }
                Point copy = new Point();
                copy.set(acc);
                all[8 * j + i] = copy;
            }
            for (int d = 0; d < 4; d++) {
                dbl(base, s, true);
            }
        }
        // batch inversion of the Z coordinates
        int n = all.length;
        long[][] prefix = new long[n][5];
        long[] acc = ONE.clone();
        for (int i = 0; i < n; i++) {
            copy(prefix[i], acc);
            mul(acc, acc, all[i].z);
        }
        long[] inv = new long[5];
        Fe25519.invert(inv, acc);
        long[][][] table = new long[64][8][];
        long[] zi = new long[5], x = new long[5], y = new long[5], t = new long[5];
        for (int i = n - 1; i >= 0; i--) {
            mul(zi, inv, prefix[i]);
            mul(inv, inv, all[i].z);
            mul(x, all[i].x, zi);
            mul(y, all[i].y, zi);
            long[] en = new long[15];
            add(t, y, x);
            System.arraycopy(t, 0, en, 0, 5);
            sub(t, y, x);
            System.arraycopy(t, 0, en, 5, 5);
            mul(t, x, y);
            mul(t, t, D2);
            System.arraycopy(t, 0, en, 10, 5);
            table[i / 8][i % 8] = en;
        }
        return table;
    }

    /** SQRT_RATIO_M1(u, v) of RFC 9496 §4.2: writes r and returns 1 if u/v was square, else 0. */
    private static long sqrtRatioM1(long[] r, long[] u, long[] v) {
        long[] v3 = new long[5], v7 = new long[5], t = new long[5], check = new long[5], nu = new long[5];
        sqr(v3, v);
        mul(v3, v3, v); // v³
        sqr(v7, v3);
        mul(v7, v7, v); // v⁷
        mul(t, u, v7);
        Fe25519.pow22523(t, t);
        mul(t, t, v3);
        mul(r, t, u); // r = (u·v³)·(u·v⁷)^((p-5)/8)
        sqr(check, r);
        mul(check, check, v);
        Fe25519.neg(nu, u);
        long correctSign = Fe25519.equal(check, u);
        long flipped = Fe25519.equal(check, nu);
        mul(nu, nu, SQRT_M1);
        long flippedI = Fe25519.equal(check, nu);
        mul(t, r, SQRT_M1);
        Fe25519.select(r, t, r, flipped | flippedI);
        Fe25519.abs(r, r);
        return correctSign | flipped;
    }

    /**
     * Decodes a ristretto255 encoding (RFC 9496 §4.3.1). Returns null for an invalid encoding. The identity
     * (all zero bytes) decodes to the identity point; callers reject it.
     */
    static Point decode(byte[] in) {
        long[] s = new long[5];
        Fe25519.fromBytes(s, in, 0);
        // canonical (below p, bit 255 clear) and non-negative; encodings are public, so branches are fine
        if (!java.util.Arrays.equals(Fe25519.toBytes(s), in) || (in[0] & 1) != 0) {
            return null;
        }
        long[] ss = new long[5], u1 = new long[5], u2 = new long[5], u2sq = new long[5], v = new long[5], t = new long[5];
        sqr(ss, s);
        sub(u1, ONE, ss);
        add(u2, ONE, ss);
        sqr(u2sq, u2);
        sqr(t, u1);
        mul(t, t, D);
        Fe25519.neg(t, t);
        sub(v, t, u2sq); // v = -(D·u1²) - u2²
        long[] invsqrt = new long[5];
        mul(t, v, u2sq);
        long wasSquare = sqrtRatioM1(invsqrt, ONE, t);
        long[] denX = new long[5], denY = new long[5];
        mul(denX, invsqrt, u2);
        mul(denY, invsqrt, denX);
        mul(denY, denY, v);
        Point p = new Point();
        add(t, s, s);
        mul(t, t, denX);
        Fe25519.abs(p.x, t);
        mul(p.y, u1, denY);
        copy(p.z, ONE);
        mul(p.t, p.x, p.y);
        if (wasSquare == 0 || Fe25519.isNegative(p.t) != 0 || Fe25519.isZero(p.y) != 0) {
            return null;
        }
        return p;
    }

    /**
     * The encodings of 2·P for each P, sharing one field inversion (curve25519-dalek's
     * {@code double_and_compress_batch}): the doubling makes the inverse square root of the encoding formula a
     * plain inverse. Scalar multiplications return k/2·P so that their products can be encoded this way.
     * No P may have 2·P equal to the identity.
     */
    static byte[][] doubleAndEncode(Point... points) {
        int n = points.length;
        long[][] e = new long[n][5], f = new long[n][5], g = new long[n][5], h = new long[n][5];
        long[][] eg = new long[n][5], fh = new long[n][5], prefix = new long[n][5];
        long[] xx = new long[5], yy = new long[5], zz = new long[5], dtt = new long[5];
        long[] acc = ONE.clone();
        for (int i = 0; i < n; i++) {
            Point p = points[i];
            sqr(xx, p.x);
            sqr(yy, p.y);
            sqr(zz, p.z);
            sqr(dtt, p.t);
            mul(dtt, dtt, D);
            mul(e[i], p.x, p.y);
            add(e[i], e[i], e[i]); // 2XY
            add(f[i], zz, dtt);
            add(g[i], yy, xx);
            sub(h[i], zz, dtt);
            mul(eg[i], e[i], g[i]);
            mul(fh[i], f[i], h[i]);
            copy(prefix[i], acc);
            mul(zz, eg[i], fh[i]);
            mul(acc, acc, zz);
        }
        long[] inv = new long[5];
        Fe25519.invert(inv, acc);
        byte[][] out = new byte[n][];
        long[] efghInv = new long[5], zInv = new long[5], tInv = new long[5], t = new long[5], magic = new long[5];
        long[] ei = new long[5], gi = new long[5], hi = new long[5], minusE = new long[5], fSqrtA = new long[5];
        for (int i = n - 1; i >= 0; i--) {
            mul(efghInv, inv, prefix[i]);
            mul(t, eg[i], fh[i]);
            mul(inv, inv, t);
            mul(zInv, eg[i], efghInv);
            mul(tInv, fh[i], efghInv);
            copy(magic, INVSQRT_A_MINUS_D);
            mul(t, eg[i], zInv);
            long negcheck1 = Fe25519.isNegative(t);
            Fe25519.neg(minusE, e[i]);
            mul(fSqrtA, f[i], SQRT_M1);
            Fe25519.select(ei, g[i], e[i], negcheck1);
            Fe25519.select(gi, minusE, g[i], negcheck1);
            Fe25519.select(hi, fSqrtA, h[i], negcheck1);
            Fe25519.select(magic, SQRT_M1, magic, negcheck1);
            mul(t, hi, ei);
            mul(t, t, zInv);
            Fe25519.condNeg(gi, Fe25519.isNegative(t));
            mul(t, gi, tInv);
            mul(t, t, magic);
            sub(hi, hi, gi);
            mul(t, hi, t);
            Fe25519.abs(t, t);
            out[i] = Fe25519.toBytes(t);
        }
        return out;
    }

    /** Encodes a point (RFC 9496 §4.3.2). */
    static byte[] encode(Point p) {
        long[] u1 = new long[5], u2 = new long[5], t = new long[5], invsqrt = new long[5];
        add(u1, p.z, p.y);
        sub(t, p.z, p.y);
        mul(u1, u1, t);
        mul(u2, p.x, p.y);
        sqr(t, u2);
        mul(t, t, u1);
        sqrtRatioM1(invsqrt, ONE, t);
        long[] den1 = new long[5], den2 = new long[5], zInv = new long[5];
        mul(den1, invsqrt, u1);
        mul(den2, invsqrt, u2);
        mul(zInv, den1, den2);
        mul(zInv, zInv, p.t);
        long[] ix = new long[5], iy = new long[5], enchanted = new long[5];
        mul(ix, p.x, SQRT_M1);
        mul(iy, p.y, SQRT_M1);
        mul(enchanted, den1, INVSQRT_A_MINUS_D);
        mul(t, p.t, zInv);
        long rotate = Fe25519.isNegative(t);
        long[] x = new long[5], y = new long[5], denInv = new long[5];
        Fe25519.select(x, iy, p.x, rotate);
        Fe25519.select(y, ix, p.y, rotate);
        Fe25519.select(denInv, enchanted, den2, rotate);
        mul(t, x, zInv);
        Fe25519.condNeg(y, Fe25519.isNegative(t));
        sub(t, p.z, y);
        mul(t, t, denInv);
        Fe25519.abs(t, t);
        return Fe25519.toBytes(t);
    }
}
