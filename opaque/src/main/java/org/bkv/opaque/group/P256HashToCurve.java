package org.bkv.opaque.group;

import static org.bkv.opaque.group.P256Field.add;
import static org.bkv.opaque.group.P256Field.mul;
import static org.bkv.opaque.group.P256Field.neg;
import static org.bkv.opaque.group.P256Field.select;
import static org.bkv.opaque.group.P256Field.sqr;
import static org.bkv.opaque.group.P256Field.sqrN;

import java.math.BigInteger;
import java.util.Arrays;
import org.bkv.opaque.internal.HashFunction;

/**
 * hash_to_curve for the suite P256_XMD:SHA-256_SSWU_RO_ of RFC 9380 (§8.2) on this package's field arithmetic
 * ({@link P256Field}), so that the module does not need Bouncy Castle's {@code crypto.hash2curve} package (absent
 * from the LTS releases). The steps (§3): hash_to_field (§5.2: expand_message_xmd with SHA-256 into 2·48 bytes,
 * each 48-byte big-endian integer reduced mod p), map_to_curve twice by the simplified SWU map (§6.6.2, Z = -10,
 * A = -3, B = b) in the straight-line form of Appendix F.2 with sqrt_ratio for q ≡ 3 (mod 4) (Appendix F.2.1.2),
 * and the sum of the two points; P-256's cofactor is 1, so clear_cofactor does nothing.
 *
 * <p>The input of the OPRF's HashToGroup is the password, so everything after expand_message_xmd runs the same
 * instructions whatever the values: the reduction mod p is three Montgomery multiplications and an addition, the one
 * exponentiation per map is a fixed addition chain, CMOV and sgn0 are masks, and the map's x = xn/xd is never
 * divided: it becomes Jacobian coordinates with Z = xd. The two points are added by the general formula with the
 * doubling beside it, selected by a mask if the points are equal. Package-private parts are exposed for the tests.
 */
final class P256HashToCurve {
    /** L = ceil((ceil(log2(p)) + k) / 8) for k = 128 (§5). */
    static final int L = 48;

    private static final long[] Z = P256Curve.create(P256Field.P_BIG.subtract(BigInteger.TEN));
    private static final long[] A = P256Curve.create(P256Field.P_BIG.subtract(BigInteger.valueOf(3)));
    /** sqrt(-Z) = sqrt(10) (Appendix F.2.1.2, c2); either root will do. */
    private static final long[] SQRT_MINUS_Z = sqrtOf(P256Curve.create(BigInteger.TEN));
    /** 2^256 mod p, to fold the top 128 bits of a 384-bit integer into the field. */
    private static final long[] TWO_256 = P256Curve.create(BigInteger.ONE.shiftLeft(256).mod(P256Field.P_BIG));

    private P256HashToCurve() {
    }

    /** hash_to_curve(msg) with the domain separation tag {@code dst}; the identity comes back with Z = 0. */
    static P256Curve.Jacobian hashToCurve(byte[] msg, byte[] dst) {
        long[][] u = hashToField(msg, dst);
        P256Curve.Jacobian q0 = mapToCurve(u[0]);
        P256Curve.Jacobian q1 = mapToCurve(u[1]);
        Arrays.fill(u[0], 0);
        Arrays.fill(u[1], 0);
        return sum(q0, q1);
    }

    /** hash_to_field(msg, 2) (§5.2): u[0] and u[1] in Montgomery form. */
    static long[][] hashToField(byte[] msg, byte[] dst) {
        byte[] uniform = HashFunction.SHA256.expandMessageXmd(msg, dst, 2 * L);
        long[][] u = {new long[5], new long[5]};
        reduce(u[0], uniform, 0);
        reduce(u[1], uniform, L);
        Arrays.fill(uniform, (byte) 0);
        return u;
    }

    /**
     * r = OS2IP(b[off, off + 48)) mod p: the top 16 bytes (below 2^128) times 2^256 mod p, plus the low 32 bytes.
     * The low half may exceed p: {@link P256Field#fromBytes} reduces any 256-bit value (its Montgomery
     * multiplication by R² accepts operands up to 16p²), so no comparison with p is needed.
     */
    static void reduce(long[] r, byte[] b, int off) {
        byte[] high = new byte[32];
        System.arraycopy(b, off, high, 16, 16);
        long[] h = new long[5];
        P256Field.fromBytes(h, high, 0);
        mul(h, h, TWO_256);
        P256Field.fromBytes(r, b, off + 16);
        add(r, r, h);
    }

    /**
     * map_to_curve_simple_swu(u), Appendix F.2, steps 1-24; step 25 (x = x / tv4) becomes the Jacobian point
     * (x·tv4, y·tv4³, tv4), whose affine x is x / tv4 and affine y is y. tv4 is never 0 (A·Z or -A·tv2 with tv2 ≠ 0).
     */
    static P256Curve.Jacobian mapToCurve(long[] u) {
        long[] tv1 = new long[5], tv2 = new long[5], tv3 = new long[5], tv4 = new long[5], tv5 = new long[5];
        long[] tv6 = new long[5], x = new long[5], y = new long[5], y1 = new long[5];
        sqr(tv1, u); // 1. tv1 = u^2
        mul(tv1, Z, tv1); // 2. tv1 = Z * tv1
        sqr(tv2, tv1); // 3. tv2 = tv1^2
        add(tv2, tv2, tv1); // 4. tv2 = tv2 + tv1
        add(tv3, tv2, P256Field.ONE); // 5. tv3 = tv2 + 1
        mul(tv3, P256Curve.B, tv3); // 6. tv3 = B * tv3
        neg(tv4, tv2); // 7. tv4 = CMOV(Z, -tv2, tv2 != 0)
        select(tv4, tv4, Z, P256Field.isZero(tv2) ^ 1);
        mul(tv4, A, tv4); // 8. tv4 = A * tv4
        sqr(tv2, tv3); // 9. tv2 = tv3^2
        sqr(tv6, tv4); // 10. tv6 = tv4^2
        mul(tv5, A, tv6); // 11. tv5 = A * tv6
        add(tv2, tv2, tv5); // 12. tv2 = tv2 + tv5
        mul(tv2, tv2, tv3); // 13. tv2 = tv2 * tv3
        mul(tv6, tv6, tv4); // 14. tv6 = tv6 * tv4
        mul(tv5, P256Curve.B, tv6); // 15. tv5 = B * tv6
        add(tv2, tv2, tv5); // 16. tv2 = tv2 + tv5
        mul(x, tv1, tv3); // 17. x = tv1 * tv3
        long isGx1Square = sqrtRatio(y1, tv2, tv6); // 18. (is_gx1_square, y1) = sqrt_ratio(tv2, tv6)
        mul(y, tv1, u); // 19. y = tv1 * u
        mul(y, y, y1); // 20. y = y * y1
        select(x, tv3, x, isGx1Square); // 21. x = CMOV(x, tv3, is_gx1_square)
        select(y, y1, y, isGx1Square); // 22. y = CMOV(y, y1, is_gx1_square)
        long e1 = (P256Field.parity(u) ^ P256Field.parity(y) ^ 1) & 1; // 23. e1 = sgn0(u) == sgn0(y)
        neg(tv5, y); // 24. y = CMOV(-y, y, e1)
        select(y, y, tv5, e1);
        P256Curve.Jacobian q = new P256Curve.Jacobian();
        mul(q.x, x, tv4);
        sqr(tv6, tv4);
        mul(tv6, tv6, tv4);
        mul(q.y, y, tv6);
        P256Field.copy(q.z, tv4);
        return q;
    }

    /**
     * sqrt_ratio(u, v) for q ≡ 3 (mod 4), Appendix F.2.1.2: y = sqrt(u / v) and 1 if u / v is a square, else
     * y = sqrt(Z · u / v) and 0. v must not be 0.
     */
    static long sqrtRatio(long[] y, long[] u, long[] v) {
        long[] tv1 = new long[5], tv2 = new long[5], tv3 = new long[5], y1 = new long[5], y2 = new long[5];
        sqr(tv1, v); // 1. tv1 = v^2
        mul(tv2, u, v); // 2. tv2 = u * v
        mul(tv1, tv1, tv2); // 3. tv1 = tv1 * tv2
        powC1(y1, tv1); // 4. y1 = tv1^c1
        mul(y1, y1, tv2); // 5. y1 = y1 * tv2
        mul(y2, y1, SQRT_MINUS_Z); // 6. y2 = y1 * c2
        sqr(tv3, y1); // 7. tv3 = y1^2
        mul(tv3, tv3, v); // 8. tv3 = tv3 * v
        P256Field.sub(tv3, tv3, u); // 9. isQR = tv3 == u
        long isQR = P256Field.isZero(tv3);
        select(y, y1, y2, isQR); // 10. y = CMOV(y2, y1, isQR)
        return isQR;
    }

    /**
     * r = a^c1 with c1 = (p - 3) / 4 = 2^254 - 2^222 + 2^190 + 2^94 - 1 = (2^160 - 2^128 + 2^96)·2^94 + (2^94 - 1),
     * by a fixed chain of 283 squarings and 12 multiplications (xN below is a^(2^N - 1)).
     */
    static void powC1(long[] r, long[] a) {
        long[][] x = P256Field.onesChain(a);
        long[] x2 = x[0], x4 = x[1], x8 = x[2], x16 = x[3], x32 = x[4];
        long[] x64 = new long[5], t = new long[5];
        sqrN(t, x32, 32); // a^(2^64 - 2^32)
        mul(x64, t, x32);
        mul(t, t, a); // a^(2^64 - 2^32 + 1)
        sqrN(t, t, 96); // a^(2^160 - 2^128 + 2^96)
        sqrN(x64, x64, 16); // x64 becomes x94: x80, x88, x92, x94
        mul(x64, x64, x16);
        sqrN(x64, x64, 8);
        mul(x64, x64, x8);
        sqrN(x64, x64, 4);
        mul(x64, x64, x4);
        sqrN(x64, x64, 2);
        mul(x64, x64, x2);
        sqrN(t, t, 94);
        mul(r, t, x64);
    }

    /**
     * q0 + q1 (neither the identity): the general addition, and the doubling of q0 selected with a mask if the
     * points are equal. If they are opposite the result is the identity, which has Z = 0.
     */
    static P256Curve.Jacobian sum(P256Curve.Jacobian q0, P256Curve.Jacobian q1) {
        P256Curve.Scratch s = new P256Curve.Scratch();
        P256Curve.Jacobian r = new P256Curve.Jacobian();
        long[] doubling = new long[1];
        P256Curve.addPoints(r, q0, q1, s, doubling);
        P256Curve.Jacobian twice = new P256Curve.Jacobian();
        twice.set(q0);
        P256Curve.dbl(twice, s);
        select(r.x, twice.x, r.x, doubling[0]);
        select(r.y, twice.y, r.y, doubling[0]);
        select(r.z, twice.z, r.z, doubling[0]);
        return r;
    }

    private static long[] sqrtOf(long[] a) {
        long[] r = new long[5];
        if (!P256Field.sqrt(r, a)) {
            throw new IllegalStateException("-Z is not a square");
        }
        return r;
    }
}
