package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import org.bkv.hsm.ec.P256;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;

/** Every operation against a real SoftHSM token, checked against Bouncy Castle / JCA where a reference exists. */
class OperationsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Hsm hsm;

    @BeforeAll
    static void open() {
        SoftHsmToken token = TestTokens.create("ops");
        hsm = Hsm.open(TestTokens.config(token));
        hsm.provisionKeys();
    }

    @AfterAll
    static void close() {
        hsm.close();
    }

    static BigInteger randomScalar() {
        BigInteger k;
        do {
            k = new BigInteger(256, RANDOM);
        } while (k.signum() == 0 || k.compareTo(P256.N) >= 0);
        return k;
    }

    @Test
    void generatedOprfKeyEvaluatesConsistentlyWithItsPublicKey() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        ECPoint publicKey = P256.decode(key.publicKey());
        BigInteger r = randomScalar();
        byte[] evaluated = hsm.oprfKeys().evaluate(key, P256.compressed(P256.G.multiply(r)));
        assertThat(evaluated).isEqualTo(P256.compressed(publicKey.multiply(r))); // k·(r·G) = r·(k·G)
        assertThat(hsm.oprfKeys().generate()).isNotEqualTo(key);
    }

    @Test
    void importedOprfKeyMatchesBouncyCastle() {
        BigInteger k = randomScalar();
        WrappedOprfKey key = hsm.keyImport().wrapOprfKey(P256.fixed32(k));
        assertThat(key.publicKey()).isEqualTo(P256.compressed(P256.G.multiply(k)));
        ECPoint b = P256.G.multiply(randomScalar());
        assertThat(hsm.oprfKeys().evaluate(key, P256.compressed(b))).isEqualTo(P256.compressed(b.multiply(k)));
    }

    @Test
    void evaluationLeavesNoSessionObjectBehind() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        int before = ProvisioningTest.sessionObjectCount(hsm);
        for (int i = 0; i < 50; i++) {
            hsm.oprfKeys().evaluate(key, P256.compressed(P256.G.multiply(randomScalar())));
        }
        hsm.oprfKeys().generate();
        hsm.akeKey().diffieHellman(P256.compressed(P256.G.multiply(randomScalar())));
        assertThat(ProvisioningTest.sessionObjectCount(hsm)).isEqualTo(before).isZero();
    }

    @Test
    void failedEvaluationStillDestroysTheUnwrappedKey() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        // a wrong public key makes the recovery fail after both derives
        WrappedOprfKey wrongPublic = new WrappedOprfKey(key.wrapped(), P256.compressed(P256.G.multiply(BigInteger.TWO)));
        assertThatThrownBy(() -> hsm.oprfKeys().evaluate(wrongPublic, P256.compressed(P256.G.multiply(randomScalar()))))
                .isInstanceOf(HsmIntegrityException.class);
        assertThat(ProvisioningTest.sessionObjectCount(hsm)).isZero();
        assertThat(hsm.available()).isTrue();
    }

    @Test
    void tamperedWrappedKeyIsAnIntegrityFailure() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        byte[] wrapped = key.wrapped();
        wrapped[wrapped.length / 2] ^= 1;
        assertThatThrownBy(() -> hsm.oprfKeys().evaluate(new WrappedOprfKey(wrapped, key.publicKey()),
                P256.compressed(P256.G.multiply(randomScalar())))).isInstanceOf(HsmIntegrityException.class);
        assertThat(ProvisioningTest.sessionObjectCount(hsm)).isZero();
        assertThat(hsm.available()).isTrue();
    }

    @Test
    void unwrappedPerRecordKeyIsSensitiveAndNonExtractable() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
            long handle = Unwrap.oprfKey(session, c, key.wrapped());
            try {
                AttributeVector a = ProvisioningTest.attributes(session, handle);
                assertThat(a.token()).isFalse();
                assertThat(a.sensitive()).isTrue();
                assertThat(a.extractable()).isFalse();
                assertThat(a.derive()).isTrue();
                assertThat(a.sign()).isFalse();
                ProvisioningTest.assertValueUnreadable(session, handle);
            } finally {
                session.destroyObject(handle);
            }
            return null;
        });
    }

    @Test
    void diffieHellmanMatchesBouncyCastleWithThePublicKey() {
        ECPoint pkS = P256.decode(hsm.akeKey().publicKey());
        BigInteger e = randomScalar();
        ECPoint peer = P256.G.multiply(e);
        assertThat(hsm.akeKey().diffieHellman(P256.compressed(peer))).isEqualTo(P256.compressed(pkS.multiply(e)));
    }

    @Test
    void badPointsAreRejectedBeforeAnyPkcs11Call() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        byte[] minusG = P256.compressed(P256.G.negate());
        byte[] offCurve = P256.compressed(P256.G);
        offCurve[32] ^= 1; // x+1 or so: checked off-curve below
        byte[] xTooBig = new byte[33];
        xTooBig[0] = 2;
        Arrays.fill(xTooBig, 1, 33, (byte) 0xff);
        byte[][] bad = {minusG, xTooBig, new byte[] {0}, new byte[33], Arrays.copyOf(P256.compressed(P256.G), 32),
                P256.uncompressed(P256.G), null};
        long callsBefore = hsm.pool().calls();
        for (byte[] b : bad) {
            assertThatThrownBy(() -> hsm.oprfKeys().evaluate(key, b)).isInstanceOf(InvalidPointException.class);
            assertThatThrownBy(() -> hsm.akeKey().diffieHellman(b)).isInstanceOf(InvalidPointException.class);
        }
        if (!isOnCurve(offCurve)) {
            assertThatThrownBy(() -> hsm.oprfKeys().evaluate(key, offCurve)).isInstanceOf(InvalidPointException.class);
        }
        assertThat(hsm.pool().calls()).isEqualTo(callsBefore);
    }

    @Test
    void decodedPointsAreCheckedAgainBeforeAnyPkcs11Call() {
        WrappedOprfKey key = hsm.oprfKeys().generate();
        ECPoint otherCurve = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256k1").getG();
        ECPoint[] bad = {P256.G.negate(), P256.CURVE.getInfinity(), otherCurve, null};
        long callsBefore = hsm.pool().calls();
        for (ECPoint b : bad) {
            assertThatThrownBy(() -> hsm.oprfKeys().evaluate(key, b)).isInstanceOf(InvalidPointException.class);
            assertThatThrownBy(() -> hsm.akeKey().diffieHellman(b)).isInstanceOf(InvalidPointException.class);
        }
        assertThat(hsm.pool().calls()).isEqualTo(callsBefore);
        ECPoint b = P256.G.multiply(randomScalar());
        assertThat(P256.compressed(hsm.oprfKeys().evaluate(key, b))).isEqualTo(hsm.oprfKeys().evaluate(key, P256.compressed(b)));
    }

    private static boolean isOnCurve(byte[] encoded) {
        try {
            P256.decode(encoded);
            return true;
        } catch (InvalidPointException e) {
            return false;
        }
    }

    @Test
    void kekSealsWithAadAndDetectsEveryChange() {
        byte[] plaintext = "backup key material".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] aad = "record 42 v1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sealed = hsm.kek().seal(plaintext, aad);
        assertThat(sealed).hasSize(Kek.IV_BYTES + plaintext.length + Kek.TAG_BYTES);
        assertThat(hsm.kek().open(sealed, aad)).isEqualTo(plaintext);
        assertThat(hsm.kek().seal(plaintext, aad)).isNotEqualTo(sealed); // random IV
        assertThatThrownBy(() -> hsm.kek().open(sealed, "record 43 v1".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(HsmIntegrityException.class);
        for (int i : new int[] {0, Kek.IV_BYTES, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x40;
            assertThatThrownBy(() -> hsm.kek().open(tampered, aad)).isInstanceOf(HsmIntegrityException.class);
        }
        assertThatThrownBy(() -> hsm.kek().open(Arrays.copyOf(sealed, 20), aad)).isInstanceOf(HsmIntegrityException.class);
        assertThat(hsm.available()).isTrue();
        assertThat(hsm.kek().open(hsm.kek().seal(new byte[1], null), null)).containsExactly(0);
        assertThatThrownBy(() -> hsm.kek().seal(new byte[0], aad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identifierMacIsDeterministicAndKeyed() {
        byte[] a = hsm.idMac().mac("alice@example.org".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(a).hasSize(32);
        assertThat(hsm.idMac().mac("alice@example.org".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(a);
        assertThat(hsm.idMac().mac("bob@example.org".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotEqualTo(a);
    }

    @Test
    void auditSignatureVerifiesWithTheExportedPublicKey() throws Exception {
        byte[] message = "tree head 17".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = hsm.auditSigner().sign(message);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(hsm.auditSigner().publicKeySpki())));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        verifier.update("tree head 18".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).isFalse();
    }

    @Test
    void suiteKeysOpenOnlyUnderTheirOwnName() {
        byte[] secret = new byte[64];
        RANDOM.nextBytes(secret);
        byte[] sealed = hsm.suiteKeySealer().seal("ristretto255/oprf-seed", secret);
        assertThat(hsm.suiteKeySealer().open("ristretto255/oprf-seed", sealed)).isEqualTo(secret);
        assertThatThrownBy(() -> hsm.suiteKeySealer().open("ristretto255/server-private-key", sealed))
                .isInstanceOf(HsmIntegrityException.class);
    }

    @Test
    void aFailedOperationDoesNotPoisonItsSession() {
        for (int i = 0; i < 6; i++) { // more failures than sessions
            byte[] sealed = hsm.kek().seal(new byte[] {1}, null);
            sealed[sealed.length - 1] ^= 1;
            assertThatThrownBy(() -> hsm.kek().open(sealed, null)).isInstanceOf(HsmIntegrityException.class);
        }
        assertThat(hsm.idMac().mac(new byte[] {1})).hasSize(32);
        assertThat(hsm.kek().open(hsm.kek().seal(new byte[] {7}, null), null)).containsExactly(7);
    }

    @Test
    void selfTestPassesOnAHealthyToken() {
        hsm.selfTest();
    }

    @Test
    void selfTestWithoutProvisionedKeysIsAConfigurationError() {
        SoftHsmToken empty = TestTokens.create("ops-empty");
        hsm.close();
        try (Hsm other = Hsm.open(TestTokens.config(empty))) {
            assertThatThrownBy(other::selfTest).isInstanceOf(HsmConfigurationException.class).hasMessageContaining("bkv-ake-p256");
        } finally {
            reopenShared();
        }
    }

    private static void reopenShared() {
        hsm = Hsm.open(hsm.config());
    }
}
