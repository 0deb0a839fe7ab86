package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.bkv.hsm.ec.P256;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/** DESIGN §5 keys: created once, found by label, with the attributes and usages each needs. */
class ProvisioningTest {

    @Test
    void provisioningIsIdempotentAndReportsStableFingerprints() {
        SoftHsmToken token = TestTokens.create("prov");
        KeyInventory first;
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            assertThat(hsm.keys().missing()).containsExactly(HsmKey.values());
            first = hsm.provisionKeys();
            assertThat(first.complete()).isTrue();
            assertThat(hsm.provisionKeys()).isEqualTo(first);
            assertThat(hsm.keys()).isEqualTo(first);
            assertThat(objectCount(hsm)).isEqualTo(8); // KEK, id-mac, two EC key pairs, the secret keys' date records
        }
        try (Hsm reopened = Hsm.open(TestTokens.config(token))) {
            assertThat(reopened.keys()).isEqualTo(first);
            assertThat(reopened.provisionKeys()).isEqualTo(first);
            assertThat(objectCount(reopened)).isEqualTo(8);
        }
    }

    @Test
    void ecKeysReportTheirPublicKeyAndTheSpkiHashAsFingerprint() throws Exception {
        SoftHsmToken token = TestTokens.create("prov");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            KeyInventory keys = hsm.provisionKeys();
            for (HsmKey key : new HsmKey[] {HsmKey.AKE_P256, HsmKey.AUDIT}) {
                KeyInfo info = keys.require(key);
                byte[] spki = info.publicKeySpki().orElseThrow();
                assertThat(info.fingerprint()).isEqualTo(Hex.toHexString(MessageDigest.getInstance("SHA-256").digest(spki)));
                assertThat(info.publicKeyCompressed().orElseThrow()).hasSize(33);
                // the SPKI is a standard one: JCA can read it
                assertThat(java.security.KeyFactory.getInstance("EC")
                        .generatePublic(new java.security.spec.X509EncodedKeySpec(spki)).getAlgorithm()).isEqualTo("EC");
            }
            assertThat(keys.require(HsmKey.AKE_P256).publicKeyCompressed().orElseThrow()).isEqualTo(hsm.akeKey().publicKey());
            assertThat(keys.require(HsmKey.AUDIT).publicKeySpki().orElseThrow()).isEqualTo(hsm.auditSigner().publicKeySpki());
            for (HsmKey key : new HsmKey[] {HsmKey.KEK, HsmKey.ID_MAC}) {
                assertThat(keys.require(key).fingerprint()).matches("[0-9a-f]{32}");
                assertThat(keys.require(key).publicKeySpki()).isEmpty();
            }
            assertThat(keys.present().values()).extracting(KeyInfo::fingerprint).doesNotHaveDuplicates();
        }
    }

    @Test
    void provisioningDatesEveryKeyAndTheInventoryReadsTheDateBack() {
        SoftHsmToken token = TestTokens.create("prov");
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        KeyInventory keys;
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            keys = hsm.provisionKeys();
        }
        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        for (HsmKey key : HsmKey.values()) {
            assertThat(keys.require(key).created()).as(key.label()).hasValueSatisfying(d -> assertThat(d).isBetween(before, after));
        }
        try (Hsm reopened = Hsm.open(TestTokens.config(token))) {
            assertThat(reopened.keys()).as("the dates are on the token, not in this process").isEqualTo(keys);
        }
    }

    @Test
    void theDayGivenAtProvisioningIsTheDayReadBackForEachKind() {
        SoftHsmToken token = TestTokens.create("prov");
        LocalDate leapDay = LocalDate.of(2024, 2, 29);
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                TokenKeys.provisionMissing(session, c.keys(), KeyExportPolicy.NEVER, leapDay);
                hsm.pool().refreshKeys(session, c);
                return null;
            });
            KeyInventory keys = hsm.keys();
            assertThat(keys.complete()).isTrue();
            for (HsmKey key : HsmKey.values()) {
                assertThat(keys.require(key).created()).as(key.label()).contains(leapDay);
            }
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                // EC keys: the standard attribute on the public key object; secret keys: a public data object
                long pub = session.findObjectsSingle(AttributeVector.newECPublicKey().label(HsmKey.AUDIT.label()), 1)[0];
                assertThat(session.getAttrValues(pub, CKA_START_DATE).startDate()).isEqualTo("2024-02-29T00:00:00Z");
                long[] records = session.findAllObjectsSingle(new AttributeVector().class_(CKO_DATA)
                        .label(HsmKey.KEK.label()).application(TokenKeys.CREATED_APPLICATION));
                assertThat(records).hasSize(1);
                AttributeVector record = session.getAttrValues(records[0], CKA_PRIVATE, CKA_VALUE);
                assertThat(record.private_()).isFalse();
                assertThat(new String(record.value(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("20240229");
                return null;
            });
        }
    }

    @Test
    void keysWithoutARecordedDateAreReportedAsNotRecordedAndTheRestStillDated() {
        SoftHsmToken token = TestTokens.create("prov");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            // as an older BKV or another tool would have made them: no CKA_START_DATE, no date record
            hsm.keyImport().importEcKey(HsmKey.AKE_P256, P256.fixed32(java.math.BigInteger.valueOf(123456789)));
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                session.generateKey(new Mechanism(CKM_AES_KEY_GEN), AttributeVector.newAESSecretKey().token(true)
                        .private_(true).sensitive(true).extractable(false).valueLen(32).label(HsmKey.KEK.label())
                        .encrypt(true).decrypt(true).wrap(true).unwrap(true));
                // and a date record that is not a date: ignored, not an error
                session.createObject(new AttributeVector().class_(CKO_DATA).token(true).private_(false)
                        .label(HsmKey.KEK.label()).application(TokenKeys.CREATED_APPLICATION).value(new byte[] {'?', '?'}));
                hsm.pool().refreshKeys(session, c);
                return null;
            });
            KeyInventory keys = hsm.provisionKeys();
            assertThat(keys.complete()).isTrue();
            assertThat(keys.require(HsmKey.AKE_P256).created()).isEmpty();
            assertThat(keys.require(HsmKey.KEK).created()).isEmpty();
            assertThat(keys.require(HsmKey.KEK).toString()).contains("not recorded");
            assertThat(keys.require(HsmKey.ID_MAC).created()).contains(LocalDate.now(ZoneOffset.UTC));
            assertThat(keys.require(HsmKey.AUDIT).created()).contains(LocalDate.now(ZoneOffset.UTC));
            assertThat(keys.require(HsmKey.KEK).fingerprint()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void aReplacedSecretKeyGetsOneFreshDateRecord() {
        SoftHsmToken token = TestTokens.create("prov");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                TokenKeys.provisionMissing(session, c.keys(), KeyExportPolicy.NEVER, LocalDate.of(2020, 1, 2));
                hsm.pool().refreshKeys(session, c);
                session.destroyObject(c.keys().handles().get(HsmKey.ID_MAC)); // the key goes, its date record stays
                hsm.pool().refreshKeys(session, c);
                return null;
            });
            assertThat(hsm.keys().get(HsmKey.ID_MAC)).isEmpty();
            KeyInventory keys = hsm.provisionKeys();
            assertThat(keys.require(HsmKey.ID_MAC).created()).contains(LocalDate.now(ZoneOffset.UTC));
            assertThat(keys.require(HsmKey.KEK).created()).contains(LocalDate.of(2020, 1, 2));
            assertThat(objectCount(hsm)).isEqualTo(8);
        }
    }

    @Test
    void generatedKeysAreSensitiveNeverExtractableAndLimitedToTheirUsages() {
        SoftHsmToken token = TestTokens.create("prov");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.provisionKeys();
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                for (HsmKey key : HsmKey.values()) {
                    AttributeVector a = attributes(session, c.keys().handles().get(key));
                    assertThat(a.token()).as(key + " token").isTrue();
                    assertThat(a.private_()).as(key + " private").isTrue();
                    assertThat(a.sensitive()).as(key + " sensitive").isTrue();
                    assertThat(a.alwaysSensitive()).as(key + " always sensitive").isTrue();
                    assertThat(a.extractable()).as(key + " extractable").isFalse();
                    assertThat(a.neverExtractable()).as(key + " never extractable").isTrue();
                    assertThat(a.getBooleanAttrValue(CKA_WRAP_WITH_TRUSTED)).as(key + " wrap with trusted").isFalse();
                    assertThat(usages(a)).as(key + " usages").isEqualTo(expectedUsages(key));
                    assertValueUnreadable(session, c.keys().handles().get(key));
                }
                return null;
            });
        }
    }

    @Test
    void neverExtractableKeysCannotBeWrappedEvenByTheKek() {
        SoftHsmToken token = TestTokens.create("prov");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.provisionKeys();
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                for (HsmKey key : new HsmKey[] {HsmKey.AKE_P256, HsmKey.ID_MAC, HsmKey.AUDIT}) {
                    Throwable t = catchThrowable(() -> session.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD),
                            c.keys().require(HsmKey.KEK), c.keys().require(key)));
                    assertThat(t).as(key.label()).isInstanceOf(PKCS11Exception.class);
                    assertThat(((PKCS11Exception) t).getErrorCode()).isIn(CKR_KEY_UNEXTRACTABLE, CKR_KEY_NOT_WRAPPABLE);
                }
                return null;
            });
        }
    }

    @Test
    void ceremonyPolicyAllowsOnlyTrustedWrapping() {
        SoftHsmToken token = TestTokens.create("prov");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.provisionKeys(KeyExportPolicy.CEREMONY_WRAP_ONLY);
            hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
                for (HsmKey key : HsmKey.values()) {
                    AttributeVector a = attributes(session, c.keys().handles().get(key));
                    assertThat(a.sensitive()).isTrue();
                    assertThat(a.extractable()).isTrue();
                    assertThat(a.getBooleanAttrValue(CKA_WRAP_WITH_TRUSTED)).isTrue();
                    assertValueUnreadable(session, c.keys().handles().get(key));
                }
                // the KEK is not CKA_TRUSTED (only the security officer can make a key trusted)
                Throwable t = catchThrowable(() -> session.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD),
                        c.keys().require(HsmKey.KEK), c.keys().require(HsmKey.AKE_P256)));
                assertThat(t).isInstanceOf(PKCS11Exception.class);
                assertThat(((PKCS11Exception) t).getErrorCode()).isEqualTo(CKR_KEY_NOT_WRAPPABLE);
                return null;
            });
            hsm.selfTest();
        }
    }

    static AttributeVector attributes(Session session, long handle) throws PKCS11Exception {
        return session.getAttrValues(handle, CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE,
                CKA_NEVER_EXTRACTABLE, CKA_WRAP_WITH_TRUSTED, CKA_ENCRYPT, CKA_DECRYPT, CKA_WRAP, CKA_UNWRAP, CKA_SIGN,
                CKA_VERIFY, CKA_DERIVE);
    }

    static void assertValueUnreadable(Session session, long handle) {
        Throwable t = catchThrowable(() -> {
            AttributeVector v = session.getAttrValues(handle, CKA_VALUE);
            assertThat(v.value()).isNull(); // the wrapper answers a sensitive value with null
            throw new PKCS11Exception(CKR_ATTRIBUTE_SENSITIVE, "null");
        });
        assertThat(t).isInstanceOf(PKCS11Exception.class);
        assertThat(((PKCS11Exception) t).getErrorCode()).isEqualTo(CKR_ATTRIBUTE_SENSITIVE);
    }

    static String usages(AttributeVector a) {
        StringBuilder s = new StringBuilder();
        Map<String, Boolean> flags = new java.util.LinkedHashMap<>();
        flags.put("encrypt", a.encrypt());
        flags.put("decrypt", a.decrypt());
        flags.put("wrap", a.wrap());
        flags.put("unwrap", a.unwrap());
        flags.put("sign", a.sign());
        flags.put("verify", a.verify());
        flags.put("derive", a.derive());
        flags.forEach((name, on) -> {
            if (Boolean.TRUE.equals(on)) {
                s.append(s.length() == 0 ? "" : ",").append(name);
            }
        });
        return s.toString();
    }

    static String expectedUsages(HsmKey key) {
        return switch (key) {
            case KEK -> "encrypt,decrypt,wrap,unwrap";
            case AKE_P256 -> "derive";
            case ID_MAC, AUDIT -> "sign";
        };
    }

    static int objectCount(Hsm hsm) {
        return hsm.pool().call("test", SessionPool.OnFailure.ERROR,
                (session, c) -> session.findAllObjectsSingle(new AttributeVector().token(true)).length);
    }

    /** Session objects other than the pool's {@link SessionKeyCopies}: per-call objects left behind. */
    static int sessionObjectCount(Hsm hsm) {
        return hsm.pool().call("test", SessionPool.OnFailure.ERROR, (session, c) -> {
            java.util.Collection<Long> copies = c.keys().sessionCopies().values();
            return (int) java.util.Arrays.stream(session.findAllObjectsSingle(new AttributeVector().token(false)))
                    .filter(h -> !copies.contains(h)).count();
        });
    }

    static byte[] p256(java.math.BigInteger k) {
        return P256.compressed(P256.G.multiply(k));
    }
}
