package org.bkv.opaque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bkv.opaque.group.P256Element;
import org.bkv.opaque.group.P256Group;
import org.bkv.opaque.group.Ristretto255Element;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile input: wrong lengths, off-curve points, the identity, non-canonical encodings, out-of-range scalars
 * and thousands of random byte strings, for every message and state type. The only acceptable failure is an
 * {@link OpaqueException}; where a step is authenticated (KE2 at the client, KE3 at the server) random input
 * must never produce a result.
 */
class GarbageTest {
    private static final int RANDOM_CASES = 2_000;
    private static final byte[] PASSWORD = Bytes.ascii("correct horse");

    @FunctionalInterface
    interface Parser {
        Object parse(byte[] bytes) throws OpaqueException;
    }

    /** A message or state type: its length, its parser, and where its group elements and scalars sit. */
    record Format(String name, int length, Parser parser, int[] elementOffsets, int[] scalarOffsets) {
    }

    static List<Format> formats(Suite s) {
        int noe = s.noe();
        int nn = Suite.NN;
        List<Format> f = new ArrayList<>();
        f.add(new Format("RegistrationRequest", s.registrationRequestLength(), b -> RegistrationRequest.deserialize(s, b),
                new int[] {0}, new int[0]));
        f.add(new Format("RegistrationResponse", s.registrationResponseLength(), b -> RegistrationResponse.deserialize(s, b),
                new int[] {0, noe}, new int[0]));
        f.add(new Format("RegistrationRecord", s.registrationRecordLength(), b -> RegistrationRecord.deserialize(s, b),
                new int[] {0}, new int[0]));
        f.add(new Format("Envelope", s.ne(), b -> Envelope.deserialize(s, b), new int[0], new int[0]));
        f.add(new Format("KE1", s.ke1Length(), b -> KE1.deserialize(s, b), new int[] {0, noe + nn}, new int[0]));
        f.add(new Format("KE2", s.ke2Length(), b -> KE2.deserialize(s, b),
                new int[] {0, s.credentialResponseLength() + nn}, new int[0]));
        f.add(new Format("KE3", s.ke3Length(), b -> KE3.deserialize(s, b), new int[0], new int[0]));
        f.add(new Format("ClientRegistration", s.nok() + noe, b -> ClientRegistration.deserialize(s, b),
                new int[] {s.nok()}, new int[] {0}));
        f.add(new Format("ClientLogin", s.nok() + s.nsk() + s.ke1Length(), b -> ClientLogin.deserialize(s, b),
                new int[] {s.nok() + s.nsk(), s.nok() + s.nsk() + noe + nn}, new int[] {0, s.nok()}));
        f.add(new Format("ServerLogin", s.nm() + s.nx(), b -> ServerLogin.deserialize(s, b), new int[0], new int[0]));
        return f;
    }

    /** Element encodings that must be rejected: off-curve, identity, non-canonical, wrong format. */
    static List<byte[]> badElements(Suite s) throws OpaqueException {
        List<byte[]> bad = new ArrayList<>();
        if (s == Suite.P256_SHA256) {
            ECCurve curve = P256Group.curve();
            BigInteger p = curve.getField().getCharacteristic();
            BigInteger b = curve.getB().toBigInteger();
            // x >= p, with both prefixes
            for (BigInteger x : new BigInteger[] {p, p.add(BigInteger.ONE), p.add(BigInteger.TWO), BigInteger.TWO.pow(256).subtract(BigInteger.ONE)}) {
                for (int prefix : new int[] {2, 3}) {
                    bad.add(Bytes.concat(new byte[] {(byte) prefix}, BigIntegers.asUnsignedByteArray(32, x)));
                }
            }
            // x with no point on the curve (x^3 - 3x + b a non-residue)
            int found = 0;
            for (BigInteger x = BigInteger.ONE; found < 8; x = x.add(BigInteger.ONE)) {
                BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b).mod(p);
                if (rhs.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(p.subtract(BigInteger.ONE))) {
                    bad.add(Bytes.concat(new byte[] {2}, BigIntegers.asUnsignedByteArray(32, x)));
                    bad.add(Bytes.concat(new byte[] {3}, BigIntegers.asUnsignedByteArray(32, x)));
                    found++;
                }
            }
            // wrong prefixes on a valid x (the generator's), and an all-zero "identity"
            byte[] one = new byte[32];
            one[31] = 1;
            byte[] g = P256Group.INSTANCE.multiplyGenerator(one).toByteArray();
            for (int prefix : new int[] {0, 1, 4, 5, 6, 7, 0xff}) {
                byte[] e = g.clone();
                e[0] = (byte) prefix;
                bad.add(e);
            }
            bad.add(new byte[33]);
        } else {
            String[] rfc9496Bad = {
                "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
                "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
                "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
                "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
                "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
                "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
                "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
                "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
                "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
                "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
                "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
                "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
                "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
                "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
                "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
                "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
                "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
                "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
                "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
                "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
                "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
                "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                // the identity, and the generator with the (ignored-by-sloppy-decoders) top bit set
                "0000000000000000000000000000000000000000000000000000000000000000",
                "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2df6",
            };
            for (String h : rfc9496Bad) {
                bad.add(Bytes.hex(h));
            }
        }
        return bad;
    }

    /** Scalar encodings that must be rejected where a non-zero scalar is required. */
    static List<byte[]> badScalars(Suite s) {
        BigInteger order = s == Suite.P256_SHA256 ? P256Group.order()
                : BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
        List<byte[]> bad = new ArrayList<>();
        for (BigInteger v : new BigInteger[] {BigInteger.ZERO, order, order.add(BigInteger.ONE),
                BigInteger.TWO.pow(256).subtract(BigInteger.ONE), order.shiftLeft(1).subtract(BigInteger.ONE)}) {
            if (v.bitLength() > 256) {
                continue;
            }
            byte[] be = BigIntegers.asUnsignedByteArray(32, v);
            bad.add(s == Suite.P256_SHA256 ? be : Bytes.reverse(be));
        }
        return bad;
    }

    /** A well-formed instance of every format, from a real protocol run. */
    static byte[] sample(Suite s, String format) throws OpaqueException {
        return Fixture.of(s).sample(format);
    }

    private static void assertTypedFailure(String what, Parser parser, byte[] input) {
        try {
            Object result = parser.parse(input);
            fail(what + " was accepted: " + (result == null ? "null" : result.getClass().getSimpleName()));
        } catch (InvalidEncodingException expected) {
            // the one acceptable outcome
        } catch (OpaqueException e) {
            fail(what + " gave " + e.getClass().getSimpleName() + " instead of InvalidEncodingException");
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " threw " + e, e);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void everyWrongLengthIsRejected(Suite s) {
        for (Format f : formats(s)) {
            for (int len = 0; len <= f.length() + 70; len++) {
                if (len != f.length()) {
                    assertTypedFailure(f.name() + " of " + len + " bytes", f.parser(), new byte[len]);
                }
            }
            assertTypedFailure(f.name() + " null", f.parser(), null);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void offCurveIdentityAndNonCanonicalElementsAreRejectedInEveryPosition(Suite s) throws Exception {
        List<byte[]> bad = badElements(s);
        assertThat(bad).hasSizeGreaterThan(10);
        for (Format f : formats(s)) {
            byte[] good = sample(s, f.name());
            f.parser().parse(good); // the sample itself is fine
            for (int offset : f.elementOffsets()) {
                for (byte[] e : bad) {
                    byte[] mutated = good.clone();
                    System.arraycopy(e, 0, mutated, offset, e.length);
                    assertTypedFailure(f.name() + " with element " + Bytes.toHex(e) + " at " + offset, f.parser(), mutated);
                }
            }
        }
        for (byte[] e : bad) {
            assertTypedFailure("element " + Bytes.toHex(e), b -> s.group().deserializeElement(b), e);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void scalarsOutsideOneToOrderMinusOneAreRejected(Suite s) throws Exception {
        for (Format f : formats(s)) {
            byte[] good = sample(s, f.name());
            for (int offset : f.scalarOffsets()) {
                for (byte[] scalar : badScalars(s)) {
                    byte[] mutated = good.clone();
                    System.arraycopy(scalar, 0, mutated, offset, scalar.length);
                    assertTypedFailure(f.name() + " with scalar " + Bytes.toHex(scalar), f.parser(), mutated);
                }
            }
        }
        for (byte[] scalar : badScalars(s)) {
            assertTypedFailure("server private key", b -> SoftwareServerStaticKey.fromPrivateKey(s, b), scalar);
            assertTypedFailure("OPRF key", b -> SoftwareOprfKey.fromScalar(s, b), scalar);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void randomBytesGiveTheTypedExceptionOrACanonicalMessage(Suite s) throws Exception {
        Random rnd = new Random(0x5eed + s.ordinal());
        for (Format f : formats(s)) {
            int accepted = 0;
            for (int i = 0; i < RANDOM_CASES; i++) {
                int len = (i % 2 == 0) ? f.length() : rnd.nextInt(f.length() * 2 + 2);
                byte[] input = new byte[len];
                rnd.nextBytes(input);
                if (s == Suite.P256_SHA256 && i % 4 == 0) {
                    for (int off : f.elementOffsets()) {
                        if (off < len) {
                            input[off] = (byte) (2 + rnd.nextInt(2)); // give the curve check real work
                        }
                    }
                }
                try {
                    Object parsed = f.parser().parse(input);
                    accepted++;
                    assertThat(serialize(parsed)).as(f.name() + " re-serializes to the same bytes").isEqualTo(input);
                } catch (OpaqueException expected) {
                    // fine
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(f.name() + " on random input threw " + e, e);
                }
            }
            assertThat(accepted).as(f.name() + " accepted count").isLessThan(RANDOM_CASES);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void randomKe2NeverLetsTheClientFinish(Suite s) throws Exception {
        Fixture fx = Fixture.of(s);
        Random rnd = new Random(7 + s.ordinal());
        byte[] good = fx.sample("KE2");
        for (int i = 0; i < RANDOM_CASES; i++) {
            byte[] ke2 = good.clone();
            // keep the elements valid half the time so the MAC and envelope checks are what rejects
            int from = (i % 2 == 0) ? s.noe() : 0;
            for (int j = from; j < ke2.length; j++) {
                if (rnd.nextInt(8) == 0) {
                    ke2[j] = (byte) rnd.nextInt(256);
                }
            }
            if (java.util.Arrays.equals(ke2, good)) {
                ke2[ke2.length - 1] ^= 1;
            }
            final byte[] input = ke2;
            ClientLogin state = fx.clientLoginState();
            assertOnlyOpaqueException("KE2 at client", () -> state.finish(PASSWORD, KE2.deserialize(s, input), Ksf.IDENTITY,
                    ProtocolOptions.DEFAULT));
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void randomKe3NeverLetsTheServerFinish(Suite s) throws Exception {
        Fixture fx = Fixture.of(s);
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < RANDOM_CASES; i++) {
            byte[] ke3 = new byte[i % 3 == 0 ? rnd.nextInt(100) : s.ke3Length()];
            rnd.nextBytes(ke3);
            ServerLogin state = fx.serverLoginState();
            assertOnlyOpaqueException("KE3 at server", () -> state.finish(KE3.deserialize(s, ke3)));
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void keyImplementationsReturningForeignElementsAreRejected(Suite s) throws Exception {
        Fixture fx = Fixture.of(s);
        Suite other = s == Suite.P256_SHA256 ? Suite.RISTRETTO255_SHA512 : Suite.P256_SHA256;
        var foreign = other.group().multiplyGenerator(other.group().randomScalar(new SecureRandom()));
        org.bkv.opaque.server.OprfKey rogue = new org.bkv.opaque.server.OprfKey() {
            @Override
            public Suite suite() {
                return s;
            }

            @Override
            public org.bkv.opaque.group.GroupElement blindEvaluate(org.bkv.opaque.group.GroupElement b) {
                return foreign;
            }
        };
        KE1 ke1 = KE1.deserialize(s, fx.sample("KE1"));
        assertThatThrownBy(() -> ServerLogin.start(fx.serverKey, rogue, fx.record, ke1, ProtocolOptions.DEFAULT, new SecureRandom()))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ServerRegistration.start(RegistrationRequest.deserialize(s, fx.sample("RegistrationRequest")),
                rogue, fx.serverKey)).isInstanceOf(ProtocolException.class);
    }

    @org.junit.jupiter.api.Test
    void libraryPointsAreValidatedOnTheWayIn() {
        ECCurve curve = P256Group.curve();
        assertThatThrownBy(() -> P256Element.of(curve.getInfinity())).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> P256Element.of(null)).isInstanceOf(InvalidEncodingException.class);
        ECPoint offCurve = curve.createPoint(BigInteger.ONE, BigInteger.TWO);
        assertThatThrownBy(() -> P256Element.of(offCurve)).isInstanceOf(InvalidEncodingException.class);
        ECPoint otherCurve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp384r1").getG();
        assertThatThrownBy(() -> P256Element.of(otherCurve)).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Ristretto255Element.of(cafe.cryptography.curve25519.RistrettoElement.IDENTITY))
                .isInstanceOf(InvalidEncodingException.class);
    }

    interface Step {
        Object run() throws OpaqueException;
    }

    private static void assertOnlyOpaqueException(String what, Step step) {
        try {
            Object result = step.run();
            fail(what + " produced a result: " + result);
        } catch (OpaqueException expected) {
            // InvalidEncodingException or AuthenticationException
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " threw " + e, e);
        }
    }

    private static byte[] serialize(Object o) {
        if (o instanceof RegistrationRequest m) {
            return m.serialize();
        } else if (o instanceof RegistrationResponse m) {
            return m.serialize();
        } else if (o instanceof RegistrationRecord m) {
            return m.serialize();
        } else if (o instanceof Envelope m) {
            return m.serialize();
        } else if (o instanceof KE1 m) {
            return m.serialize();
        } else if (o instanceof KE2 m) {
            return m.serialize();
        } else if (o instanceof KE3 m) {
            return m.serialize();
        } else if (o instanceof ClientRegistration m) {
            return m.serialize();
        } else if (o instanceof ClientLogin m) {
            return m.serialize();
        } else if (o instanceof ServerLogin m) {
            return m.serialize();
        }
        throw new AssertionError("unknown type " + o);
    }
}
