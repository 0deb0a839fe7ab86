package org.bkv.opaque.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bkv.opaque.ProtocolException;
import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * {@link P256HashToCurve}: the RFC 9380 Appendix J.1.1 vectors (u, Q0, Q1 and P), Bouncy Castle's own hash2curve
 * on random messages under several DSTs, and the parts against BigInteger: the reduction of 48-byte values, the
 * exponentiation and sqrt_ratio, the map (§6.6.2 as written, including its exceptional case), and the sum of
 * equal and opposite points.
 */
class P256HashToCurveTest {
    private static final BigInteger P = P256Field.P_BIG;
    private static final BigInteger R = BigInteger.ONE.shiftLeft(260);
    private static final BigInteger A = P.subtract(BigInteger.valueOf(3));
    private static final BigInteger B = P256Group.CURVE.getB().toBigInteger();
    private static final BigInteger Z = P.subtract(BigInteger.TEN);
    private static final SecureRandom RND = new SecureRandom();
    private static final String RFC_DST = "QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_";

    /**
     * RFC 9380 Appendix J.1.1, P256_XMD:SHA-256_SSWU_RO_, dst = QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_,
     * as printed in the RFC (rfc9380.xml of the rfc-editor/draft-irtf-cfrg-hash-to-curve repository).
     */
    private static final String J_1_1 = """
            msg     =
            P.x     = 2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91
                      c44247d3e4
            P.y     = 8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9a
                      b5c43e8415
            u[0]    = ad5342c66a6dd0ff080df1da0ea1c04b96e0330dd89406465eeba1
                      1582515009
            u[1]    = 8c0f1d43204bd6f6ea70ae8013070a1518b43873bcd850aafa0a9e
                      220e2eea5a
            Q0.x    = ab640a12220d3ff283510ff3f4b1953d09fad35795140b1c5d64f3
                      13967934d5
            Q0.y    = dccb558863804a881d4fff3455716c836cef230e5209594ddd33d8
                      5c565b19b1
            Q1.x    = 51cce63c50d972a6e51c61334f0f4875c9ac1cd2d3238412f84e31
                      da7d980ef5
            Q1.y    = b45d1a36d00ad90e5ec7840a60a4de411917fbe7c82c3949a6e699
                      e5a1b66aac

            msg     = abc
            P.x     = 0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775da
                      c4a3388a0f
            P.y     = 5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71
                      ffd424212e
            u[0]    = afe47f2ea2b10465cc26ac403194dfb68b7f5ee865cda61e9f3e07
                      a537220af1
            u[1]    = 379a27833b0bfe6f7bdca08e1e83c760bf9a338ab335542704edcd
                      69ce9e46e0
            Q0.x    = 5219ad0ddef3cc49b714145e91b2f7de6ce0a7a7dc7406c7726c7e
                      373c58cb48
            Q0.y    = 7950144e52d30acbec7b624c203b1996c99617d0b61c2442354301
                      b191d93ecf
            Q1.x    = 019b7cb4efcfeaf39f738fe638e31d375ad6837f58a852d032ff60
                      c69ee3875f
            Q1.y    = 589a62d2b22357fed5449bc38065b760095ebe6aeac84b01156ee4
                      252715446e

            msg     = abcdef0123456789
            P.x     = 65038ac8f2b1def042a5df0b33b1f4eca6bff7cb0f9c6c15268118
                      64e544ed80
            P.y     = cad44d40a656e7aff4002a8de287abc8ae0482b5ae825822bb870d
                      6df9b56ca3
            u[0]    = 0fad9d125a9477d55cf9357105b0eb3a5c4259809bf87180aa01d6
                      51f53d312c
            u[1]    = b68597377392cd3419d8fcc7d7660948c8403b19ea78bbca4b133c
                      9d2196c0fb
            Q0.x    = a17bdf2965eb88074bc01157e644ed409dac97cfcf0c61c998ed0f
                      a45e79e4a2
            Q0.y    = 4f1bc80c70d411a3cc1d67aeae6e726f0f311639fee560c7f5a664
                      554e3c9c2e
            Q1.x    = 7da48bb67225c1a17d452c983798113f47e438e4202219dd0715f8
                      419b274d66
            Q1.y    = b765696b2913e36db3016c47edb99e24b1da30e761a8a3215dc0ec
                      4d8f96e6f9

            msg     = q128_qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
                      qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
                      qqqqqqqqqqqqqqqqqqqqqqqqq
            P.x     = 4be61ee205094282ba8a2042bcb48d88dfbb609301c49aa8b07853
                      3dc65a0b5d
            P.y     = 98f8df449a072c4721d241a3b1236d3caccba603f916ca680f4539
                      d2bfb3c29e
            u[0]    = 3bbc30446f39a7befad080f4d5f32ed116b9534626993d2cc5033f
                      6f8d805919
            u[1]    = 76bb02db019ca9d3c1e02f0c17f8baf617bbdae5c393a81d9ce11e
                      3be1bf1d33
            Q0.x    = c76aaa823aeadeb3f356909cb08f97eee46ecb157c1f56699b5efe
                      bddf0e6398
            Q0.y    = 776a6f45f528a0e8d289a4be12c4fab80762386ec644abf2bffb9b
                      627e4352b1
            Q1.x    = 418ac3d85a5ccc4ea8dec14f750a3a9ec8b85176c95a7022f39182
                      6794eb5a75
            Q1.y    = fd6604f69e9d9d2b74b072d14ea13050db72c932815523305cb9e8
                      07cc900aff

            msg     = a512_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            P.x     = 457ae2981f70ca85d8e24c308b14db22f3e3862c5ea0f652ca38b5
                      e49cd64bc5
            P.y     = ecb9f0eadc9aeed232dabc53235368c1394c78de05dd96893eefa6
                      2b0f4757dc
            u[0]    = 4ebc95a6e839b1ae3c63b847798e85cb3c12d3817ec6ebc10af6ee
                      51adb29fec
            u[1]    = 4e21af88e22ea80156aff790750121035b3eefaa96b425a8716e0d
                      20b4e269ee
            Q0.x    = d88b989ee9d1295df413d4456c5c850b8b2fb0f5402cc5c4c7e815
                      412e926db8
            Q0.y    = bb4a1edeff506cf16def96afff41b16fc74f6dbd55c2210e5b8f01
                      1ba32f4f40
            Q1.x    = a281e34e628f3a4d2a53fa87ff973537d68ad4fbc28d3be5e8d9f6
                      a2571c5a4b
            Q1.y    = f6ed88a7aab56a488100e6f1174fa9810b47db13e86be999644922
                      961206e184
            """;

    /** The vectors of {@link #J_1_1}: one map per message, with continuation lines joined. */
    private static List<Map<String, String>> vectors() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String block : J_1_1.split("\n\\s*\n")) {
            Map<String, String> v = new LinkedHashMap<>();
            String key = null;
            for (String line : block.split("\n")) {
                int eq = line.indexOf('=');
                if (eq >= 0) {
                    key = line.substring(0, eq).trim();
                    v.put(key, line.substring(eq + 1).trim());
                } else {
                    v.put(key, v.get(key) + line.trim());
                }
            }
            out.add(v);
        }
        return out;
    }

    private static long[] mont(BigInteger v) {
        return P256Field.fromBig(v.multiply(R).mod(P));
    }

    private static BigInteger value(long[] m) {
        BigInteger v = P256Field.toBig(m);
        assertThat(v).isLessThan(P);
        return v.multiply(R.modInverse(P)).mod(P);
    }

    /** Affine (x, y) of a Jacobian point with Z ≠ 0. */
    private static BigInteger[] affine(P256Curve.Jacobian j) {
        assertThat(P256Field.isZero(j.z)).isZero();
        byte[][] xy = P256Curve.toAffineBytes(P256Curve.normalize(j)[0]);
        return new BigInteger[] {new BigInteger(1, xy[0]), new BigInteger(1, xy[1])};
    }

    private static BigInteger hex(String h) {
        return new BigInteger(h, 16);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rfc9380AppendixJ11Vectors() throws ProtocolException {
        List<Map<String, String>> vectors = vectors();
        assertThat(vectors).hasSize(5);
        // The messages as the RFC defines them (§J), to check the transcription above.
        assertThat(vectors).extracting(v -> v.get("msg")).containsExactly("", "abc", "abcdef0123456789",
                "q128_" + "q".repeat(128), "a512_" + "a".repeat(512));
        byte[] dst = ascii(RFC_DST);
        for (Map<String, String> v : vectors) {
            byte[] msg = ascii(v.get("msg"));
            long[][] u = P256HashToCurve.hashToField(msg, dst);
            assertThat(value(u[0])).isEqualTo(hex(v.get("u[0]")));
            assertThat(value(u[1])).isEqualTo(hex(v.get("u[1]")));
            assertThat(affine(P256HashToCurve.mapToCurve(u[0])))
                    .containsExactly(hex(v.get("Q0.x")), hex(v.get("Q0.y")));
            assertThat(affine(P256HashToCurve.mapToCurve(u[1])))
                    .containsExactly(hex(v.get("Q1.x")), hex(v.get("Q1.y")));
            assertThat(affine(P256HashToCurve.hashToCurve(msg, dst)))
                    .containsExactly(hex(v.get("P.x")), hex(v.get("P.y")));
            ECPoint p = ((P256Element) P256Group.INSTANCE.hashToGroup(msg, dst)).point().normalize();
            assertThat(p.getAffineXCoord().toBigInteger()).isEqualTo(hex(v.get("P.x")));
            assertThat(p.getAffineYCoord().toBigInteger()).isEqualTo(hex(v.get("P.y")));
        }
    }

    @Test
    void agreesWithBouncyCastleHashToCurve() throws Exception {
        String[] dsts = {RFC_DST, "HashToGroup-OPRFV1-\u0000-P256-SHA256", "HashToGroup-OPRFV1-\u0002-P256-SHA256",
            "X".repeat(255)};
        for (String dst : dsts) {
            HashToEllipticCurve bc = HashToEllipticCurve.getInstance(HashToCurveProfile.P256_XMD_SHA_256, dst);
            for (int i = 0; i < 300; i++) {
                byte[] msg = new byte[i < 100 ? i : RND.nextInt(1000)];
                RND.nextBytes(msg);
                ECPoint expected = bc.hashToCurve(msg).normalize();
                GroupElement e = P256Group.INSTANCE.hashToGroup(msg, ascii(dst));
                assertThat(e.toByteArray()).isEqualTo(expected.getEncoded(true));
                assertThat(((P256Element) e).point().normalize().getEncoded(false))
                        .isEqualTo(expected.getEncoded(false));
            }
        }
    }

    @Test
    void reducesAny384BitValueModP() {
        List<BigInteger> samples = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                P, P.add(BigInteger.ONE), P.shiftLeft(1), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(256), P.shiftLeft(128), P.shiftLeft(128).subtract(BigInteger.ONE),
                P.multiply(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)),
                BigInteger.ONE.shiftLeft(384).subtract(BigInteger.ONE)));
        for (int i = 0; i < 2000; i++) {
            samples.add(new BigInteger(384, RND));
        }
        for (BigInteger s : samples) {
            byte[] b = new byte[50];
            System.arraycopy(BigIntegers.asUnsignedByteArray(48, s), 0, b, 1, 48);
            long[] r = new long[5];
            P256HashToCurve.reduce(r, b, 1);
            assertThat(value(r)).as(s.toString(16)).isEqualTo(s.mod(P));
        }
    }

    @Test
    void exponentAndSqrtRatioAgreeWithBigInteger() {
        BigInteger c1 = P.subtract(BigInteger.valueOf(3)).shiftRight(2);
        BigInteger half = P.subtract(BigInteger.ONE).shiftRight(1);
        long[] y = new long[5];
        for (int i = 0; i < 500; i++) {
            BigInteger a = i == 0 ? BigInteger.ZERO : i == 1 ? BigInteger.ONE : new BigInteger(256, RND).mod(P);
            P256HashToCurve.powC1(y, mont(a));
            assertThat(value(y)).isEqualTo(a.modPow(c1, P));

            BigInteger u = i < 2 ? a : new BigInteger(256, RND).mod(P);
            BigInteger v = new BigInteger(256, RND).mod(P.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            long isQR = P256HashToCurve.sqrtRatio(y, mont(u), mont(v));
            BigInteger ratio = u.multiply(v.modInverse(P)).mod(P);
            boolean square = ratio.modPow(half, P).compareTo(BigInteger.ONE) <= 0;
            assertThat(isQR).isEqualTo(square ? 1L : 0L);
            BigInteger y2v = value(y).pow(2).multiply(v).mod(P);
            assertThat(y2v).isEqualTo(square ? u : Z.multiply(u).mod(P));
        }
    }

    /** map_to_curve_simple_swu as §6.6.2 writes it, on BigIntegers. */
    private static BigInteger[] referenceMap(BigInteger u) {
        BigInteger u2 = u.pow(2).mod(P);
        BigInteger den = Z.pow(2).multiply(u2.pow(2)).add(Z.multiply(u2)).mod(P);
        BigInteger tv1 = den.signum() == 0 ? BigInteger.ZERO : den.modInverse(P);
        BigInteger x1 = tv1.signum() == 0
                ? B.multiply(Z.multiply(A).modInverse(P)).mod(P)
                : B.negate().multiply(A.modInverse(P)).multiply(BigInteger.ONE.add(tv1)).mod(P);
        BigInteger x2 = Z.multiply(u2).multiply(x1).mod(P);
        BigInteger gx1 = x1.pow(3).add(A.multiply(x1)).add(B).mod(P);
        BigInteger gx2 = x2.pow(3).add(A.multiply(x2)).add(B).mod(P);
        BigInteger e = P.add(BigInteger.ONE).shiftRight(2);
        BigInteger y1 = gx1.modPow(e, P);
        boolean first = y1.pow(2).mod(P).equals(gx1);
        BigInteger x = first ? x1 : x2;
        BigInteger y = first ? y1 : gx2.modPow(e, P);
        if (u.testBit(0) != y.testBit(0)) {
            y = P.subtract(y).mod(P);
        }
        return new BigInteger[] {x, y};
    }

    @Test
    void mapAgreesWithSection662IncludingTheExceptionalCase() {
        // u² = -1/Z makes Z²u⁴ + Zu² zero: the case where tv4 = Z·A (step 7 takes Z).
        BigInteger exceptional = BigInteger.TEN.modInverse(P).modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        assertThat(exceptional.pow(2).multiply(BigInteger.TEN).mod(P)).isEqualTo(BigInteger.ONE);
        List<BigInteger> us = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                exceptional, P.subtract(exceptional)));
        for (int i = 0; i < 500; i++) {
            us.add(new BigInteger(256, RND).mod(P));
        }
        for (BigInteger u : us) {
            BigInteger[] xy = affine(P256HashToCurve.mapToCurve(mont(u)));
            assertThat(xy).as(u.toString(16)).containsExactly(referenceMap(u));
            assertThat(P256Group.CURVE.createPoint(xy[0], xy[1]).isValid()).isTrue();
        }
    }

    @Test
    void sumHandlesEqualAndOppositePoints() {
        for (int i = 0; i < 20; i++) {
            BigInteger u = new BigInteger(256, RND).mod(P);
            P256Curve.Jacobian q = P256HashToCurve.mapToCurve(mont(u));
            BigInteger[] xy = affine(q);
            ECPoint bc = P256Group.CURVE.createPoint(xy[0], xy[1]);

            ECPoint twice = bc.twice().normalize();
            assertThat(affine(P256HashToCurve.sum(q, q)))
                    .containsExactly(twice.getAffineXCoord().toBigInteger(), twice.getAffineYCoord().toBigInteger());

            P256Curve.Jacobian negated = new P256Curve.Jacobian();
            negated.set(q);
            P256Field.neg(negated.y, q.y);
            assertThat(P256Field.isZero(P256HashToCurve.sum(q, negated).z)).isEqualTo(1L);

            P256Curve.Jacobian other = P256HashToCurve.mapToCurve(mont(u.add(BigInteger.ONE).mod(P)));
            BigInteger[] o = affine(other);
            ECPoint expected = bc.add(P256Group.CURVE.createPoint(o[0], o[1])).normalize();
            assertThat(affine(P256HashToCurve.sum(q, other)))
                    .containsExactly(expected.getAffineXCoord().toBigInteger(), expected.getAffineYCoord().toBigInteger());
        }
    }
}
