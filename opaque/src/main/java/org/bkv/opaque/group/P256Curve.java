package org.bkv.opaque.group;

import static org.bkv.opaque.group.P256Field.add;
import static org.bkv.opaque.group.P256Field.copy;
import static org.bkv.opaque.group.P256Field.isZero;
import static org.bkv.opaque.group.P256Field.mul;
import static org.bkv.opaque.group.P256Field.sqr;
import static org.bkv.opaque.group.P256Field.sub;

import java.math.BigInteger;

/**
 * P-256 point arithmetic on {@link P256Field}: Jacobian coordinates (X/Z², Y/Z³), a = -3 doubling
 * (dbl-2001-b, 3M+5S), general addition (add-2007-bl, 11M+5S) and mixed addition with an affine point
 * (madd-2007-bl, 7M+4S).
 *
 * <p><b>Scalar multiplication is regular</b> (the same sequence of field operations for every scalar of
 * the group, no secret-dependent branch or memory index): an even scalar k is replaced by n - k and the
 * result negated; the odd scalar is recoded into signed odd digits (Joye–Tunstall, or ±1 at every bit for the
 * comb), which are never zero, so there is no identity to handle and no skipped addition; table entries are
 * fetched by scanning the whole table with masks. For k below n the additions of that schedule can never meet
 * equal or opposite points (the partial sums are too small to collide with ± a table entry), except possibly
 * the very last addition of the variable-base ladder and of the comb, for k = n + 2·d₀ with d₀ the last digit
 * (column): then the sum is a doubling. For P-256's n no odd k satisfies that, but the last addition is still
 * computed both ways and the right result selected with a mask (one extra doubling per multiplication) so
 * that the code does not depend on that arithmetic accident. Every addition also reports whether it met the
 * degenerate case; should that ever happen (it cannot), the caller recomputes with Bouncy Castle.
 *
 * <p>Costs: variable-base 255 doublings + 51 mixed additions over an affine 16-entry table (15 co-Z additions and
 * a normalisation whose inversion is shared by all the points of a login, see {@link #affineTables}; cached per
 * element). A point about to be multiplied by several scalars (a software-key login's client keyshare: e·X and
 * s·X) gets a comb table instead ({@link #combTable}: 209 doublings and 19 additions, about 0.7 of a
 * multiplication) and then costs 51 doublings + 51 mixed additions per scalar ({@link #multiplyComb}), so two
 * multiplications of it cost about 1.5 ladders instead of 2. Fixed-base: 63 mixed additions over a 40 KiB table.
 */
final class P256Curve {
    static final BigInteger N_BIG = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    static final byte[] N_BYTES = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, N_BIG);
    /** The curve's b, Montgomery form (also the B of {@link P256HashToCurve}'s map). */
    static final long[] B = create(new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16));
    private static final long[] GX = create(new BigInteger("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", 16));
    private static final long[] GY = create(new BigInteger("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5", 16));

    /** Variable-base window: digits ±1, ±3, …, ±31; 52 digits for 256 bits. */
    static final int VAR_TABLE_SIZE = 16;
    /** Comb for a point multiplied by several scalars: 5 teeth 52 bits apart (5 · 52 = 260 bits ≥ 256). */
    static final int COMB_TEETH = 5;
    static final int COMB_SPACING = 52;
    /** Comb table entries: P₀ ± P₁ ± P₂ ± P₃ ± P₄ (the sign of P₀ comes from the digit, not the table). */
    static final int COMB_TABLE_SIZE = 1 << (COMB_TEETH - 1);
    /** Fixed-base table: 64 radix-16 positions, each with (2i+1)·16^j·G for i < 8, affine (x ‖ y). */
    private static final long[][][] G_TABLE = buildGeneratorTable();

    private P256Curve() {
    }

    /** Montgomery form of a field element given as an integer in [0, p) (constants at class initialisation). */
    static long[] create(BigInteger plain) {
        long[] r = P256Field.fromBig(plain);
        P256Field.mul(r, r, P256Field.fromBig(BigInteger.ONE.shiftLeft(520).mod(P256Field.P_BIG)));
        return r;
    }

    /** A point in Jacobian coordinates, Montgomery form. Mutable scratch object. */
    static final class Jacobian {
        final long[] x = new long[5];
        final long[] y = new long[5];
        final long[] z = new long[5];

        Jacobian() {
        }

        Jacobian(long[] x, long[] y, long[] z) {
            copy(this.x, x);
            copy(this.y, y);
            copy(this.z, z);
        }

        void set(Jacobian o) {
            copy(x, o.x);
            copy(y, o.y);
            copy(z, o.z);
        }

        static Jacobian affine(long[] x, long[] y) {
            return new Jacobian(x, y, P256Field.ONE);
        }
    }

    /** Temporaries for the formulas (one per multiplication; not shared between threads). */
    static final class Scratch {
        final long[] t1 = new long[5];
        final long[] t2 = new long[5];
        final long[] t3 = new long[5];
        final long[] t4 = new long[5];
        final long[] t5 = new long[5];
        final long[] t6 = new long[5];
        final long[] t7 = new long[5];
        final long[] t8 = new long[5];
        final long[] t9 = new long[5];
        final long[] t10 = new long[5];
    }

    /** p = 2p in place (a = -3). */
    static void dbl(Jacobian p, Scratch s) {
        long[] delta = s.t1, gamma = s.t2, beta = s.t3, alpha = s.t4, t = s.t5, u = s.t6;
        sqr(delta, p.z);
        sqr(gamma, p.y);
        mul(beta, p.x, gamma);
        P256Field.subLazy(t, p.x, delta); // the lazy sums and differences only ever feed mul/sqr
        P256Field.addLazy(u, p.x, delta);
        mul(t, t, u);
        P256Field.mulSmall(alpha, t, 3);
        P256Field.addLazy(t, p.y, p.z);
        sqr(t, t);
        sub(t, t, gamma);
        sub(p.z, t, delta);
        P256Field.mulSmall(beta, beta, 4); // 4β
        add(u, beta, beta); // 8β
        sqr(t, alpha);
        sub(p.x, t, u);
        P256Field.subLazy(t, beta, p.x);
        mul(t, t, alpha);
        sqr(gamma, gamma);
        P256Field.mulSmall(gamma, gamma, 8); // 8γ²
        sub(p.y, t, gamma);
    }

    /**
     * r = p + q (r may be p). Returns 1 if the formula met p = ±q (then r is wrong), else 0; constant time.
     * Sets {@code doubling[0]} to 1 if p = q.
     */
    static long addPoints(Jacobian r, Jacobian p, Jacobian q, Scratch s, long[] doubling) {
        long[] z1z1 = s.t1, z2z2 = s.t2, u1 = s.t3, u2 = s.t4, s1 = s.t5, s2 = s.t6, h = s.t7, i = s.t8, j = s.t9, t = s.t10;
        sqr(z1z1, p.z);
        sqr(z2z2, q.z);
        mul(u1, p.x, z2z2);
        mul(u2, q.x, z1z1);
        mul(s1, p.y, q.z);
        mul(s1, s1, z2z2);
        mul(s2, q.y, p.z);
        mul(s2, s2, z1z1);
        sub(h, u2, u1);
        // Z3 = ((Z1+Z2)² - Z1Z1 - Z2Z2)·H (z1z1, z2z2 free afterwards)
        add(t, p.z, q.z);
        sqr(t, t);
        sub(t, t, z1z1);
        sub(t, t, z2z2);
        mul(r.z, t, h);
        add(i, h, h);
        sqr(i, i);
        mul(j, h, i);
        sub(s2, s2, s1);
        add(s2, s2, s2); // r = 2(S2 - S1)
        long degenerate = isZero(h);
        if (doubling != null) {
            doubling[0] = degenerate & isZero(s2);
        }
        mul(u1, u1, i); // V
        sqr(t, s2);
        sub(t, t, j);
        sub(t, t, u1);
        sub(r.x, t, u1);
        sub(t, u1, r.x);
        mul(t, t, s2);
        mul(s1, s1, j);
        add(s1, s1, s1);
        sub(r.y, t, s1);
        return degenerate;
    }

    /** p = p + (x, y) with an affine point. Returns 1 if the formula met p = ±q, else 0. */
    static long addAffine(Jacobian p, long[] x2, long[] y2, Scratch s) {
        return addAffine(p, x2, y2, s, null);
    }

    /**
     * p = p + (x, y) with an affine point. Returns 1 if the formula met p = ±q (then p is wrong), else 0;
     * constant time. Sets {@code doubling[0]} to 1 if p = q (when {@code doubling} is not null).
     */
    static long addAffine(Jacobian p, long[] x2, long[] y2, Scratch s, long[] doubling) {
        long[] z1z1 = s.t1, u2 = s.t2, s2 = s.t3, h = s.t4, hh = s.t5, i = s.t6, j = s.t7, v = s.t8, t = s.t9;
        sqr(z1z1, p.z);
        mul(u2, x2, z1z1);
        mul(s2, y2, p.z);
        mul(s2, s2, z1z1);
        sub(h, u2, p.x);
        sqr(hh, h);
        P256Field.mulSmall(i, hh, 4);
        mul(j, h, i);
        sub(s2, s2, p.y);
        add(s2, s2, s2); // r
        long degenerate = isZero(h);
        if (doubling != null) {
            doubling[0] = degenerate & isZero(s2);
        }
        mul(v, p.x, i);
        P256Field.addLazy(t, p.z, h);
        sqr(t, t);
        sub(t, t, z1z1);
        sub(p.z, t, hh);
        mul(u2, p.y, j); // Y1·J (old Y1)
        add(u2, u2, u2);
        sqr(t, s2);
        sub(t, t, j);
        sub(t, t, v);
        sub(p.x, t, v);
        P256Field.subLazy(t, v, p.x);
        mul(t, t, s2);
        sub(p.y, t, u2);
        return degenerate;
    }

    /**
     * The table (2i+1)·P for i < 16 in Jacobian coordinates, each entry with its own Z (for {@link #normalize}),
     * by co-Z additions (Meloni): the step 2P and P rescaled to the same Z, then entry i = entry i-1 + 2P by
     * {@link #addCoZ}, which also returns the step rescaled to the new entry's Z. 15 × (5M+2S) instead of
     * 15 general additions (11M+5S). No addition meets equal or opposite points: (2i-1)P = ±2P would need a
     * point of order below 32.
     */
    static Jacobian[] table(Jacobian p) {
        Scratch s = new Scratch();
        Jacobian[] t = new Jacobian[VAR_TABLE_SIZE];
        Jacobian step = new Jacobian();
        step.set(p);
        dbl(step, s); // Z(2P) = 2Y·Z (dbl-2001-b), so P with 2P's Z is P scaled by λ = 2Y
        t[0] = new Jacobian();
        long[] lambda = s.t1, lambda2 = s.t2, lambda3 = s.t3;
        add(lambda, p.y, p.y);
        sqr(lambda2, lambda);
        mul(lambda3, lambda2, lambda);
        mul(t[0].x, p.x, lambda2);
        mul(t[0].y, p.y, lambda3);
        copy(t[0].z, step.z);
        for (int i = 1; i < VAR_TABLE_SIZE; i++) {
            t[i] = new Jacobian();
            addCoZ(t[i], step, t[i - 1], s);
        }
        return t;
    }

    /**
     * Co-Z addition with update ("ZADDU", Goundar–Joye–Miyaji 2010): for p and q with the same Z, r = p + q, and p
     * is replaced by the same point with r's Z (X·λ², Y·λ³ for λ = X_p - X_q). 5M+2S. r must be a third object;
     * p and q must be neither equal nor opposite (the callers' schedules guarantee it).
     */
    static void addCoZ(Jacobian r, Jacobian p, Jacobian q, Scratch s) {
        long[] h = s.t1, c = s.t2, w1 = s.t3, w2 = s.t4, dy = s.t5, a1 = s.t6, t = s.t7;
        P256Field.subLazy(h, p.x, q.x); // λ; the lazy differences only ever feed mul/sqr
        mul(r.z, p.z, h);
        sqr(c, h);
        mul(w1, p.x, c); // X_p·λ²
        mul(w2, q.x, c);
        P256Field.subLazy(t, w1, w2); // λ³
        mul(a1, p.y, t); // Y_p·λ³
        P256Field.subLazy(dy, p.y, q.y);
        sqr(t, dy);
        sub(t, t, w1);
        sub(r.x, t, w2);
        P256Field.subLazy(t, w1, r.x);
        mul(t, t, dy);
        sub(r.y, t, a1);
        copy(p.x, w1);
        copy(p.y, a1);
        copy(p.z, r.z);
    }

    /**
     * Affine tables (2i+1)·P for i < 16 (x ‖ y, 10 words per entry) of several points at once: the Jacobian
     * tables are normalised together, with one shared inversion, so that every addition of a multiplication is
     * a mixed one (7M+4S instead of 11M+5S).
     */
    static long[][][] affineTables(Jacobian... points) {
        Jacobian[][] tables = new Jacobian[points.length][];
        for (int k = 0; k < points.length; k++) {
            tables[k] = table(points[k]);
        }
        return normalizeTables(tables);
    }

    /** Several Jacobian tables made affine (x ‖ y per entry) with one inversion shared by all their entries. */
    static long[][][] normalizeTables(Jacobian[]... tables) {
        int total = 0;
        for (Jacobian[] t : tables) {
            total += t.length;
        }
        Jacobian[] all = new Jacobian[total];
        int at = 0;
        for (Jacobian[] t : tables) {
            System.arraycopy(t, 0, all, at, t.length);
            at += t.length;
        }
        long[][] affine = normalize(all);
        long[][][] out = new long[tables.length][][];
        at = 0;
        for (int k = 0; k < tables.length; k++) {
            out[k] = java.util.Arrays.copyOfRange(affine, at, at + tables[k].length);
            at += tables[k].length;
        }
        return out;
    }

    /**
     * The comb table of P (Lim–Lee, signed): with the teeth Pⱼ = 2^(52j)·P for j < 5, entry i is
     * P₀ + s₁P₁ + s₂P₂ + s₃P₃ + s₄P₄ where sⱼ = +1 if bit j-1 of i is set and -1 if not; in Jacobian coordinates,
     * for {@link #normalizeTables}. Costs 209 doublings (the teeth, and 2Pⱼ on the way) and 19 additions: entry 0
     * is P₀ - P₁ - … - P₄, and entry i with top bit j-1 is entry i - 2^(j-1) plus 2Pⱼ. No addition can meet equal
     * or opposite points: every one adds an odd multiple aP to bP with b = ±2^(52j) or 2^(52j+1) and |a|, |b| below
     * 2^210, far below n.
     */
    static Jacobian[] combTable(Jacobian p) {
        Scratch s = new Scratch();
        Jacobian[] t = new Jacobian[COMB_TABLE_SIZE];
        Jacobian[] twiceTooth = new Jacobian[COMB_TEETH];
        t[0] = new Jacobian();
        t[0].set(p);
        Jacobian tooth = new Jacobian();
        tooth.set(p);
        Jacobian negated = new Jacobian();
        int doublings = COMB_SPACING;
        for (int j = 1; j < COMB_TEETH; j++) {
            for (int d = 0; d < doublings; d++) {
                dbl(tooth, s);
            }
            negated.set(tooth);
            P256Field.neg(negated.y, tooth.y);
            addPoints(t[0], t[0], negated, s, null);
            dbl(tooth, s); // 2Pⱼ: the step between entries that differ only in sⱼ, and where the next tooth starts
            twiceTooth[j] = new Jacobian();
            twiceTooth[j].set(tooth);
            doublings = COMB_SPACING - 1;
        }
        for (int j = 1; j < COMB_TEETH; j++) {
            int half = 1 << (j - 1);
            for (int i = half; i < 2 * half; i++) {
                t[i] = new Jacobian();
                addPoints(t[i], t[i - half], twiceTooth[j], s, null);
            }
        }
        return t;
    }

    /**
     * The scalar as four little-endian 64-bit words, reduced below n, made odd (n - k if k is even).
     * Returns the words; {@code negate[0]} is 1 if the result must be negated. The scalar must not be ≡ 0.
     */
    private static long[] oddScalar(byte[] scalar, long[] negate) {
        // k mod n (k < 2^256 < 2n): subtract n, keep the difference unless it borrowed.
        byte[] k = new byte[32];
        byte[] d = new byte[32];
        int borrow = 0;
        for (int i = 31; i >= 0; i--) {
            int v = (scalar[i] & 0xff) - (N_BYTES[i] & 0xff) - borrow;
            d[i] = (byte) v;
            borrow = (v >>> 31);
        }
        int keep = -borrow; // all ones: k < n, keep k
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) ((scalar[i] & keep) | (d[i] & ~keep));
        }
        // n - k
        borrow = 0;
        for (int i = 31; i >= 0; i--) {
            int v = (N_BYTES[i] & 0xff) - (k[i] & 0xff) - borrow;
            d[i] = (byte) v;
            borrow = (v >>> 31);
        }
        int even = (k[31] & 1) ^ 1;
        int useNeg = -even;
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) ((d[i] & useNeg) | (k[i] & ~useNeg));
        }
        negate[0] = even;
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            w[i] = P256Field.be64(k, 24 - 8 * i);
        }
        java.util.Arrays.fill(k, (byte) 0);
        java.util.Arrays.fill(d, (byte) 0);
        return w;
    }

    /** bits [pos, pos + width) of the little-endian words (pos and width are public). */
    private static int bits(long[] w, int pos, int width) {
        int limb = pos >>> 6;
        int off = pos & 63;
        long v = w[limb] >>> off;
        if (off + width > 64 && limb + 1 < 4) {
            v |= w[limb + 1] << (64 - off);
        }
        return (int) (v & ((1L << width) - 1));
    }

    private static void condNegateY(long[] y, long flag, long[] tmp) {
        P256Field.neg(tmp, y);
        P256Field.select(y, tmp, y, flag);
    }

    /**
     * k·P with an affine table of P ({@link #affineTables}): 5-bit signed odd digits, 255 doublings and 51 mixed
     * additions. The point, or null if the (impossible) degenerate case was met.
     */
    static Jacobian multiply(long[][] table, byte[] scalar) {
        Scratch s = new Scratch();
        long[] negate = new long[1];
        long[] k = oddScalar(scalar, negate);
        Jacobian acc = fromAffine(table[0]); // the top digit is always 1
        long[] x = new long[5];
        long[] y = new long[5];
        long[] tmp = new long[5];
        long bad = 0;
        for (int j = 50; j >= 0; j--) {
            for (int d = 0; d < 5; d++) {
                dbl(acc, s);
            }
            int digit = 2 * bits(k, 5 * j + 1, 5) - 31; // odd, in [-31, 31]
            int sign = digit >>> 31;
            int abs = (digit ^ -sign) + sign;
            lookupAffine(x, y, table, (abs - 1) >>> 1);
            condNegateY(y, sign, tmp);
            bad |= j == 0 ? addLastAffine(acc, x, y, s) : addAffine(acc, x, y, s);
        }
        condNegateY(acc.y, negate[0], tmp);
        java.util.Arrays.fill(k, 0);
        return bad == 0 ? acc : null;
    }

    /**
     * k·P with an affine comb table of P ({@link #combTable}, normalised): 51 doublings and 51 mixed additions, a
     * quarter of the ladder's doublings. The odd scalar k (see {@link #oddScalar}) is written as k = Σ bₘ2^m over
     * m < 260 with every digit bₘ = ±1 (bₘ = 2cₘ - 1 where c = (k + 2^260 - 1)/2, see {@link #combBit}); column j
     * gathers the digits at j, 52 + j, …, 208 + j, which select an entry and a sign: b_j·(P₀ + Σ b_j·b_(52i+j)·Pᵢ).
     * Regular like {@link #multiply}: a table scan and a masked negation per column, no branch on a digit.
     *
     * <p>Degenerate additions: with A the accumulator before the addition of column j (a multiple aP) and C_j the
     * column (c_jP), a + c_j is the comb's partial sum over columns ≥ j, odd modulo 2^52 and, times 2^j, within
     * 2^214 of k; so it is never 0 mod n. a - c_j likewise, except at j = 0 for k = n + 2c₀, when the addition is a
     * doubling; as in {@link #multiply}, the last addition is computed both ways (for P-256 no odd k below n meets it,
     * see {@code P256CombTest}). The point, or null if the (impossible) opposite-point case was met.
     */
    static Jacobian multiplyComb(long[][] table, byte[] scalar) {
        Scratch s = new Scratch();
        long[] negate = new long[1];
        long[] k = oddScalar(scalar, negate);
        long[] x = new long[5];
        long[] y = new long[5];
        long[] tmp = new long[5];
        lookupCombColumn(x, y, table, k, COMB_SPACING - 1, tmp);
        Jacobian acc = Jacobian.affine(x, y);
        long bad = 0;
        for (int j = COMB_SPACING - 2; j >= 0; j--) {
            dbl(acc, s);
            lookupCombColumn(x, y, table, k, j, tmp);
            bad |= j == 0 ? addLastAffine(acc, x, y, s) : addAffine(acc, x, y, s);
        }
        condNegateY(acc.y, negate[0], tmp);
        java.util.Arrays.fill(k, 0);
        return bad == 0 ? acc : null;
    }

    /** The signed comb entry of column j (0 ≤ j < 52) of the odd scalar k: masked scan of all 16 entries. */
    private static void lookupCombColumn(long[] x, long[] y, long[][] table, long[] k, int j, long[] tmp) {
        int positive = combBit(k, j); // b_j = +1
        int index = 0;
        for (int i = 1; i < COMB_TEETH; i++) {
            index |= (combBit(k, COMB_SPACING * i + j) ^ positive ^ 1) << (i - 1); // 1 if b_(52i+j) = b_j
        }
        lookupAffine(x, y, table, index);
        condNegateY(y, positive ^ 1, tmp);
    }

    /**
     * Bit m (public, below 260) of c = (k + 2^260 - 1)/2 for the odd k below 2^256 given as four words: c is
     * (k - 1)/2 + 2^259, so bits 0..254 of c are bits 1..255 of k, bits 255..258 are 0 and bit 259 is 1.
     */
    private static int combBit(long[] k, int m) {
        if (m == COMB_TEETH * COMB_SPACING - 1) {
            return 1;
        }
        return m < 255 ? bits(k, m + 1, 1) : 0;
    }

    /**
     * acc = acc + (x, y), the last addition of a multiplication: if the two points are equal (which the schedules
     * of {@link #multiply} and {@link #multiplyComb} reach only for scalars no P-256 scalar is, see there) the
     * doubling computed beside it is selected with a mask. Returns 1 if the points were opposite, else 0.
     */
    private static long addLastAffine(Jacobian acc, long[] x, long[] y, Scratch s) {
        Jacobian twice = new Jacobian();
        twice.set(acc);
        dbl(twice, s);
        long[] doubling = new long[1];
        long degenerate = addAffine(acc, x, y, s, doubling);
        long dbl = doubling[0];
        P256Field.select(acc.x, twice.x, acc.x, dbl);
        P256Field.select(acc.y, twice.y, acc.y, dbl);
        P256Field.select(acc.z, twice.z, acc.z, dbl);
        return degenerate & (dbl ^ 1);
    }

    /** k·G with the fixed table (radix 16, signed odd digits, 63 mixed additions, no doublings). */
    static Jacobian multiplyGenerator(byte[] scalar) {
        Scratch s = new Scratch();
        long[] negate = new long[1];
        long[] k = oddScalar(scalar, negate);
        long[] x = new long[5];
        long[] y = new long[5];
        long[] tmp = new long[5];
        Jacobian acc = null;
        long bad = 0;
        for (int j = 0; j < 64; j++) {
            int digit = j < 63 ? 2 * bits(k, 4 * j + 1, 4) - 15 : 2 * bits(k, 253, 3) + 1;
            int sign = digit >>> 31;
            int abs = (digit ^ -sign) + sign;
            lookupAffine(x, y, G_TABLE[j], (abs - 1) >>> 1);
            condNegateY(y, sign, tmp);
            if (acc == null) {
                acc = Jacobian.affine(x, y);
            } else {
                bad |= addAffine(acc, x, y, s);
            }
        }
        condNegateY(acc.y, negate[0], tmp);
        java.util.Arrays.fill(k, 0);
        return bad == 0 ? acc : null;
    }

    /**
     * x ‖ y = row[index], reading every entry of the row with a mask (the index is secret). The words are gathered
     * in locals, not in x and y, so that the scan is loads and masks only.
     */
    private static void lookupAffine(long[] x, long[] y, long[][] row, int index) {
        long x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0, y4 = 0;
        for (int i = 0; i < row.length; i++) {
            long mask = ((long) (i ^ index) - 1) >> 63;
            long[] e = row[i];
            x0 |= e[0] & mask;
            x1 |= e[1] & mask;
            x2 |= e[2] & mask;
            x3 |= e[3] & mask;
            x4 |= e[4] & mask;
            y0 |= e[5] & mask;
            y1 |= e[6] & mask;
            y2 |= e[7] & mask;
            y3 |= e[8] & mask;
            y4 |= e[9] & mask;
        }
        x[0] = x0;
        x[1] = x1;
        x[2] = x2;
        x[3] = x3;
        x[4] = x4;
        y[0] = y0;
        y[1] = y1;
        y[2] = y2;
        y[3] = y3;
        y[4] = y4;
    }

    private static long[][][] buildGeneratorTable() {
        Scratch s = new Scratch();
        Jacobian[] all = new Jacobian[64 * 8];
        Jacobian base = Jacobian.affine(GX, GY);
        for (int j = 0; j < 64; j++) {
            Jacobian[] row = table(base);
            System.arraycopy(row, 0, all, 8 * j, 8);
            // 16·base = 2·(15·base)... simpler: base ← 16·base by four doublings
            for (int d = 0; d < 4; d++) {
                dbl(base, s);
            }
        }
        long[][] affine = normalize(all);
        long[][][] t = new long[64][8][];
        for (int j = 0; j < 64; j++) {
            for (int i = 0; i < 8; i++) {
                t[j][i] = affine[8 * j + i];
            }
        }
        return t;
    }

    /** Affine coordinates (x ‖ y, 10 words) of points with non-zero Z, sharing one inversion. */
    static long[][] normalize(Jacobian... points) {
        int n = points.length;
        long[][] prefix = new long[n][5];
        long[] acc = P256Field.ONE.clone();
        for (int i = 0; i < n; i++) {
            copy(prefix[i], acc);
            mul(acc, acc, points[i].z);
        }
        long[] inv = new long[5];
        P256Field.invert(inv, acc);
        long[][] out = new long[n][];
        long[] zi = new long[5];
        long[] zi2 = new long[5];
        for (int i = n - 1; i >= 0; i--) {
            mul(zi, inv, prefix[i]); // 1/Z_i
            mul(inv, inv, points[i].z);
            sqr(zi2, zi);
            long[] xy = new long[10];
            long[] t = new long[5];
            mul(t, points[i].x, zi2);
            System.arraycopy(t, 0, xy, 0, 5);
            mul(zi2, zi2, zi);
            mul(t, points[i].y, zi2);
            System.arraycopy(t, 0, xy, 5, 5);
            out[i] = xy;
        }
        return out;
    }

    /** Compressed SEC1 encoding of affine x ‖ y. */
    static byte[] encode(long[] xy) {
        byte[] out = new byte[33];
        long[] x = new long[5];
        long[] y = new long[5];
        System.arraycopy(xy, 0, x, 0, 5);
        System.arraycopy(xy, 5, y, 0, 5);
        P256Field.toBytes(out, 1, x);
        out[0] = (byte) (2 + P256Field.parity(y));
        return out;
    }

    /**
     * Decompresses a 33-byte compressed point whose prefix (2 or 3) and x (below p) the caller has checked.
     * Returns affine x ‖ y, or null if x is not the abscissa of a curve point.
     */
    static long[] decompress(byte[] encoded) {
        long[] x = new long[5];
        P256Field.fromBytes(x, encoded, 1);
        long[] rhs = new long[5];
        long[] t = new long[5];
        sqr(rhs, x);
        mul(rhs, rhs, x); // x³
        add(t, x, x);
        add(t, t, x); // 3x
        sub(rhs, rhs, t);
        add(rhs, rhs, B);
        long[] y = new long[5];
        if (!P256Field.sqrt(y, rhs)) {
            return null;
        }
        if (P256Field.parity(y) != (encoded[0] & 1)) {
            P256Field.neg(y, y);
        }
        long[] xy = new long[10];
        System.arraycopy(x, 0, xy, 0, 5);
        System.arraycopy(y, 0, xy, 5, 5);
        return xy;
    }

    /** Affine x ‖ y from canonical big-endian coordinates (32 bytes each, below p). */
    static long[] fromAffineBytes(byte[] x, byte[] y) {
        long[] xy = new long[10];
        long[] t = new long[5];
        P256Field.fromBytes(t, x, 0);
        System.arraycopy(t, 0, xy, 0, 5);
        P256Field.fromBytes(t, y, 0);
        System.arraycopy(t, 0, xy, 5, 5);
        return xy;
    }

    /** Canonical big-endian x and y of affine x ‖ y. */
    static byte[][] toAffineBytes(long[] xy) {
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        long[] t = new long[5];
        System.arraycopy(xy, 0, t, 0, 5);
        P256Field.toBytes(x, 0, t);
        System.arraycopy(xy, 5, t, 0, 5);
        P256Field.toBytes(y, 0, t);
        return new byte[][] {x, y};
    }

    static Jacobian fromAffine(long[] xy) {
        Jacobian p = new Jacobian();
        System.arraycopy(xy, 0, p.x, 0, 5);
        System.arraycopy(xy, 5, p.y, 0, 5);
        copy(p.z, P256Field.ONE);
        return p;
    }
}
