package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.bkv.hsm.ec.P256;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;

/** The per-request token keys are used through session copies that are as protected as the token keys. */
class SessionKeyCopiesTest {
    private static final byte[] POINT = P256.compressed(P256.G.multiply(BigInteger.valueOf(987654321)));
    private static final byte[] DATA = "identifier".getBytes(StandardCharsets.UTF_8);

    @Test
    void copiesAreSensitiveNonExtractableSessionObjectsOfTheTokenKeys() {
        try (Hsm hsm = Hsm.open(TestTokens.config(TestTokens.create("copies")))) {
            hsm.provisionKeys();
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                KeyHandles keys = c.keys();
                assertThat(keys.sessionCopies().keySet()).containsExactlyInAnyOrderElementsOf(SessionKeyCopies.COPIED)
                        .doesNotContain(HsmKey.AUDIT);
                for (Map.Entry<HsmKey, Long> copy : keys.sessionCopies().entrySet()) {
                    long tokenHandle = keys.handles().get(copy.getKey());
                    assertThat(copy.getValue()).isNotEqualTo(tokenHandle);
                    assertThat(keys.require(copy.getKey())).as("operations use the copy").isEqualTo(copy.getValue());
                    AttributeVector attrs = session.getAttrValues(copy.getValue(), CKA_TOKEN, CKA_SENSITIVE, CKA_EXTRACTABLE,
                            CKA_PRIVATE, CKA_LABEL);
                    assertThat(attrs.token()).as(copy.getKey() + " token").isFalse();
                    assertThat(attrs.sensitive()).as(copy.getKey() + " sensitive").isTrue();
                    assertThat(attrs.extractable()).as(copy.getKey() + " extractable").isFalse();
                    assertThat(attrs.private_()).as(copy.getKey() + " private").isTrue();
                    assertThat(attrs.label()).isEqualTo(copy.getKey().label());
                    assertThat(ProvisioningTest.usages(ProvisioningTest.attributes(session, copy.getValue())))
                            .as(copy.getKey() + " usages").isEqualTo(ProvisioningTest.expectedUsages(copy.getKey()));
                    assertThat(session.getAttrValues(copy.getValue(), CKA_VALUE).value()).as("secret unreadable").isNull();
                }
                return null;
            });
        }
    }

    @Test
    void resultsAreTheSameWithAndWithoutCopies() {
        SoftHsmToken token = TestTokens.create("copies");
        byte[] mac;
        byte[] sealed;
        byte[] dh;
        WrappedOprfKey oprfKey;
        byte[] evaluated;
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.provisionKeys();
            mac = hsm.idMac().mac(DATA);
            sealed = hsm.kek().seal(DATA, DATA);
            dh = hsm.akeKey().diffieHellman(POINT);
            oprfKey = hsm.oprfKeys().generate();
            evaluated = hsm.oprfKeys().evaluate(oprfKey, POINT);
        }
        HsmConfig withoutCopies = HsmConfig.builder().tokenLabel(token.label()).pin(token.pinSource()).sessionPoolSize(2)
                .sessionKeyCopies(false).build();
        try (Hsm hsm = Hsm.open(withoutCopies)) {
            Map<HsmKey, Long> copies = hsm.pool().call("test", SessionPool.OnFailure.ERROR, (s, c) -> c.keys().sessionCopies());
            assertThat(copies).isEmpty();
            assertThat(hsm.idMac().mac(DATA)).isEqualTo(mac);
            assertThat(hsm.kek().open(sealed, DATA)).isEqualTo(DATA);
            assertThat(hsm.akeKey().diffieHellman(POINT)).isEqualTo(dh);
            assertThat(hsm.oprfKeys().evaluate(oprfKey, POINT)).isEqualTo(evaluated);
            assertThat(ProvisioningTest.sessionObjectCount(hsm)).isZero();
        }
    }

    @Test
    void everyRecycleMakesFreshCopiesAndLeavesNothingBehind() {
        try (Hsm hsm = Hsm.open(TestTokens.config(TestTokens.create("copies"), 2, 60))) {
            hsm.provisionKeys();
            WrappedOprfKey key = hsm.oprfKeys().generate();
            byte[] expected = hsm.oprfKeys().evaluate(key, POINT);
            for (int i = 0; i < 100; i++) {
                assertThat(hsm.oprfKeys().evaluate(key, POINT)).isEqualTo(expected);
                hsm.kek().seal(DATA, null);
            }
            assertThat(hsm.status().recycles()).isPositive();
            int sessionObjects = hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                assertThat(c.keys().sessionCopies()).hasSize(SessionKeyCopies.COPIED.size());
                return session.findAllObjectsSingle(new AttributeVector().token(false)).length;
            });
            assertThat(sessionObjects).as("only the three copies").isEqualTo(SessionKeyCopies.COPIED.size());
            assertThat(hsm.idMac().mac(DATA)).hasSize(32);
        }
    }
}
