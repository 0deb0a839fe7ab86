package org.bkv.opaque.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bkv.opaque.ProtocolException;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * The comb multiplication of a point multiplied by several scalars ({@link P256Curve#combTable},
 * {@link P256Curve#multiplyComb}, chosen by {@link P256Group#precompute} for an element listed twice) against Bouncy
 * Castle and against the ladder: the table's entries one by one, thousands of scalars on bases of every input form,
 * edge scalars (1.., n-1.., 2^255, (n±1)/2, the scalars whose last addition comes closest to a doubling), zero and n,
 * and scalars in [n, 2^256).
 */
class P256CombTest {
    private static final BigInteger N = P256Group.N;
    private static final SecureRandom RND = new SecureRandom();
    private static final P256Group GROUP = P256Group.INSTANCE;

    private static byte[] scalarBytes(BigInteger k) {
        return BigIntegers.asUnsignedByteArray(32, k);
    }

    private static BigInteger randomScalar() {
        return new BigInteger(256, RND).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    /** An element with a comb table, as a software-key login's client keyshare gets one. */
    private static GroupElement withComb(GroupElement e) {
        GROUP.precompute(e, e);
        assertThat(((P256Element) e).combTable()).as("precompute of an element listed twice builds its comb").isNotNull();
        return e;
    }

    /** The three forms a base arrives in: decoded wire bytes, a Bouncy Castle point, an unnormalised result of ours. */
    private static GroupElement inForm(ECPoint base, int form) throws Exception {
        return switch (form) {
            case 0 -> GROUP.deserializeElement(base.getEncoded(true));
            case 1 -> P256Element.of(base);
            default -> {
                BigInteger half = BigInteger.TWO.modInverse(N);
                GroupElement h = GROUP.deserializeElement(base.multiply(half).getEncoded(true));
                yield GROUP.multiply(h, scalarBytes(BigInteger.TWO));
            }
        };
    }

    private static List<BigInteger> scalars(int random) {
        List<BigInteger> s = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            s.add(BigInteger.valueOf(i));
            s.add(N.subtract(BigInteger.valueOf(i)));
        }
        s.add(BigInteger.ONE.shiftLeft(255));
        s.add(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));
        s.add(BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE));
        s.add(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(N));
        s.add(N.shiftRight(1));
        s.add(N.shiftRight(1).add(BigInteger.ONE));
        for (int tooth = 1; tooth < 5; tooth++) { // around each tooth's first bit
            BigInteger t = BigInteger.ONE.shiftLeft(52 * tooth);
            s.add(t);
            s.add(t.subtract(BigInteger.ONE));
            s.add(t.add(BigInteger.ONE));
            s.add(N.subtract(t));
        }
        for (int i = 0; i < random; i++) {
            s.add(randomScalar());
        }
        return s;
    }

    @Test
    void combTableEntriesArePlusOrMinusTheTeethSpaced52BitsApart() throws Exception {
        for (int round = 0; round < 20; round++) {
            BigInteger b = randomScalar();
            ECPoint base = P256Group.G.multiply(b);
            P256Element e = (P256Element) inForm(base, round % 3);
            long[][] table = P256Curve.normalizeTables(P256Curve.combTable(e.jacobianForm()))[0];
            assertThat(table.length).isEqualTo(16);
            for (int i = 0; i < 16; i++) {
                // entry i = P + s1·2^52·P + s2·2^104·P + s3·2^156·P + s4·2^208·P, s_j = +1 iff bit j-1 of i is set
                BigInteger m = BigInteger.ONE;
                for (int j = 1; j < 5; j++) {
                    BigInteger tooth = BigInteger.ONE.shiftLeft(52 * j);
                    m = ((i >> (j - 1)) & 1) == 1 ? m.add(tooth) : m.subtract(tooth);
                }
                assertThat(P256Curve.encode(table[i])).as("entry %d", i)
                        .isEqualTo(base.multiply(m.mod(N)).getEncoded(true));
            }
        }
    }

    @Test
    void combMultiplicationAgreesWithBouncyCastle() throws Exception {
        List<ECPoint> bases = new ArrayList<>();
        bases.add(P256Group.G);
        bases.add(P256Group.G.negate());
        bases.add(P256Group.G.multiply(N.subtract(BigInteger.ONE)));
        for (int i = 0; i < 40; i++) {
            bases.add(P256Group.G.multiply(randomScalar()));
        }
        List<GroupElement> combs = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            combs.add(withComb(inForm(bases.get(i), i % 3)));
        }
        List<BigInteger> ks = scalars(3000);
        for (int i = 0; i < ks.size(); i++) {
            BigInteger k = ks.get(i);
            int b = i % bases.size();
            assertThat(GROUP.multiply(combs.get(b), scalarBytes(k)).toByteArray()).as("base %d, k = %s", b, k)
                    .isEqualTo(bases.get(b).multiply(k).getEncoded(true));
        }
    }

    @Test
    void combAndLadderGiveTheSameProductsOfOneBase() throws Exception {
        for (int round = 0; round < 30; round++) {
            ECPoint base = P256Group.G.multiply(randomScalar());
            GroupElement comb = withComb(inForm(base, round % 3));
            GroupElement ladder = inForm(base, round % 3);
            GROUP.precompute(ladder);
            assertThat(((P256Element) ladder).combTable()).as("an element listed once gets no comb").isNull();
            for (int i = 0; i < 20; i++) {
                byte[] k = scalarBytes(randomScalar());
                assertThat(GROUP.multiply(comb, k)).isEqualTo(GROUP.multiply(ladder, k));
            }
        }
    }

    @Test
    void lastCombAdditionIsNeverADoublingForAScalarOfTheGroup() throws Exception {
        // The last addition doubles only for an odd k = n + 2·c0, c0 = Σ b_(52i)·2^(52i) the digits of k's column 0
        // (P256Curve.multiplyComb). c0 takes 32 values; for the 16 negative ones k is below n: none recodes to its c0.
        GroupElement g = withComb(GROUP.deserializeElement(P256Group.G.getEncoded(true)));
        int checked = 0;
        for (int signs = 0; signs < 32; signs++) {
            BigInteger c0 = BigInteger.ZERO;
            for (int i = 0; i < 5; i++) {
                BigInteger digit = BigInteger.ONE.shiftLeft(52 * i);
                c0 = ((signs >> i) & 1) == 1 ? c0.add(digit) : c0.subtract(digit);
            }
            BigInteger k = N.add(c0.shiftLeft(1));
            if (k.signum() <= 0 || k.compareTo(N) >= 0) {
                continue;
            }
            checked++;
            assertThat(columnZero(k)).as("k = n + 2·c0 must not recode to that c0").isNotEqualTo(c0);
            // and the multiplication by it (and by its neighbours) is right anyway
            for (int d = -2; d <= 2; d++) {
                BigInteger kd = k.add(BigInteger.valueOf(d));
                assertThat(GROUP.multiply(g, scalarBytes(kd)).toByteArray())
                        .isEqualTo(P256Group.G.multiply(kd).getEncoded(true));
            }
        }
        assertThat(checked).isEqualTo(16);
    }

    /** Σ b_(52i)·2^(52i) for the odd k's digits b_m = 2·bit m of (k + 2^260 - 1)/2 - 1. */
    private static BigInteger columnZero(BigInteger k) {
        BigInteger c = k.add(BigInteger.ONE.shiftLeft(260)).subtract(BigInteger.ONE).shiftRight(1);
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < 5; i++) {
            BigInteger digit = BigInteger.ONE.shiftLeft(52 * i);
            sum = c.testBit(52 * i) ? sum.add(digit) : sum.subtract(digit);
        }
        return sum;
    }

    @Test
    void zeroAndOrderScalarsGiveTheIdentityErrorAndLargerScalarsActModuloN() throws Exception {
        ECPoint base = P256Group.G.multiply(randomScalar());
        GroupElement e = withComb(GROUP.deserializeElement(base.getEncoded(true)));
        for (byte[] k : new byte[][] {new byte[32], scalarBytes(N)}) {
            assertThatThrownBy(() -> GROUP.multiply(e, k)).isInstanceOf(ProtocolException.class);
        }
        BigInteger top = BigInteger.ONE.shiftLeft(256);
        List<BigInteger> large = new ArrayList<>(List.of(N.add(BigInteger.ONE), N.add(BigInteger.valueOf(5)),
                N.add(BigInteger.ONE.shiftLeft(200)), top.subtract(BigInteger.TWO), top.subtract(BigInteger.ONE)));
        for (int i = 0; i < 200; i++) {
            large.add(N.add(new BigInteger(256, RND).mod(top.subtract(N))));
        }
        for (BigInteger k : large) {
            assertThat(GROUP.multiply(e, scalarBytes(k)).toByteArray()).as("k = %s", k)
                    .isEqualTo(base.multiply(k.mod(N)).getEncoded(true));
        }
    }

    @Test
    void precomputeGivesACombOnlyToAnElementListedSeveralTimes() throws Exception {
        GroupElement once = GROUP.deserializeElement(P256Group.G.multiply(randomScalar()).getEncoded(true));
        GroupElement twice = GROUP.deserializeElement(P256Group.G.multiply(randomScalar()).getEncoded(true));
        GroupElement equalButOther = GROUP.deserializeElement(once.toByteArray());
        GROUP.precompute(once, twice, equalButOther, twice);
        assertThat(((P256Element) once).hasTable()).isTrue();
        assertThat(((P256Element) once).combTable()).isNull();
        assertThat(((P256Element) equalButOther).combTable()).as("tables live on instances: equal is not the same").isNull();
        assertThat(((P256Element) twice).combTable()).isNotNull();
        assertThat(((P256Element) twice).hasTable()).as("the comb replaces the ladder's table").isFalse();
        // an element that already has its ladder table still gets a comb when it is listed twice later
        GROUP.precompute(once, once);
        assertThat(((P256Element) once).combTable()).isNotNull();
    }
}
