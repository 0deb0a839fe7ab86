package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.bkv.hsm.ec.P256;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** The full-point recovery through SoftHSM, against Bouncy Castle, for wrapped per-record keys and a token key. */
class HsmFullPointPropertyTest {

    @Test
    void wrappedKeyEvaluationsMatchBouncyCastleForBothParities() {
        SoftHsmToken token = TestTokens.create("prop");
        SoftHsmToken akeToken = token;
        BigInteger akeScalar = OperationsTest.randomScalar();
        try (Hsm hsm = Hsm.open(TestTokens.config(akeToken))) {
            hsm.keyImport().importEcKey(HsmKey.AKE_P256, P256.fixed32(akeScalar));
            hsm.provisionKeys(); // creates the others; keeps the imported AKE key
            assertThat(hsm.akeKey().publicKey()).isEqualTo(P256.compressed(P256.G.multiply(akeScalar)));
            int[] parity = new int[2];
            for (int i = 0; i < 1000; i++) {
                BigInteger k = OperationsTest.randomScalar();
                WrappedOprfKey key = hsm.keyImport().wrapOprfKey(P256.fixed32(k));
                ECPoint b = P256.G.multiply(OperationsTest.randomScalar()).normalize();
                ECPoint expected = b.multiply(k).normalize();
                assertThat(hsm.oprfKeys().evaluate(key, P256.compressed(b))).isEqualTo(P256.compressed(expected));
                parity[expected.getAffineYCoord().testBitZero() ? 1 : 0]++;
            }
            for (int i = 0; i < 1000; i++) {
                ECPoint peer = P256.G.multiply(OperationsTest.randomScalar()).normalize();
                ECPoint expected = peer.multiply(akeScalar).normalize();
                assertThat(hsm.akeKey().diffieHellman(P256.compressed(peer))).isEqualTo(P256.compressed(expected));
                parity[expected.getAffineYCoord().testBitZero() ? 1 : 0]++;
            }
            assertThat(parity[0]).isGreaterThan(800);
            assertThat(parity[1]).isGreaterThan(800);
            assertThat(ProvisioningTest.sessionObjectCount(hsm)).isZero();
        }
    }
}
