package org.bkv.client.key;

import org.bkv.client.testing.DeterministicRandom;
import org.bkv.client.testing.ReferenceCrypto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupKeyTest {

    private static final String DIGITS =
            "0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0 0011 2233 4455 6677 8899 aabb ccdd eeff";

    @Test
    void digitsFormIsLowerCaseHexInSixteenGroupsOfFour() {
        BackupKey key = BackupKey.fromBytes(ReferenceCrypto.hex(DIGITS));
        assertThat(key.toDigits()).isEqualTo(DIGITS).hasSize(BackupKey.DIGITS_FORM_LENGTH);
    }

    @Test
    void digitsFormRoundTripsForRandomKeys() {
        for (int i = 0; i < 200; i++) {
            BackupKey key = BackupKey.generate();
            assertThat(BackupKey.parseDigits(key.toDigits())).isEqualTo(key);
        }
    }

    @Test
    void generateUsesTheGivenRandomSource() {
        byte[] bits = ReferenceCrypto.hex(DIGITS);
        assertThat(BackupKey.generate(new DeterministicRandom(bits)).toDigits()).isEqualTo(DIGITS);
    }

    @Test
    void generatedKeysDiffer() {
        assertThat(BackupKey.generate()).isNotEqualTo(BackupKey.generate());
    }

    @Test
    void toStringNeverShowsTheKey() {
        BackupKey key = BackupKey.parseDigits(DIGITS);
        assertThat(key.toString()).doesNotContain("0f1e").doesNotContain("eeff").contains("not shown");
    }

    @Test
    void destroyZeroesTheKeyAndForbidsUse() {
        BackupKey key = BackupKey.parseDigits(DIGITS);
        byte[] live = key.bits();
        key.destroy();
        assertThat(live).containsOnly(0);
        assertThat(key.isDestroyed()).isTrue();
        assertThat(key.toString()).isEqualTo("BackupKey[destroyed]");
        assertThatThrownBy(key::toDigits).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysWithTheSameBitsAreEqual() {
        assertThat(BackupKey.parseDigits(DIGITS)).isEqualTo(BackupKey.parseDigits(DIGITS))
                .hasSameHashCodeAs(BackupKey.parseDigits(DIGITS));
    }

    @Test
    void deriveIsHkdfSha256WithTheKeyAsInputKeyingMaterial() {
        byte[] salt = ReferenceCrypto.hex("00112233445566778899aabbccddeeff");
        assertThat(BackupKey.parseDigits(DIGITS).derive(salt, "some label", 42))
                .isEqualTo(ReferenceCrypto.hkdfSha256(ReferenceCrypto.hex(DIGITS), salt, "some label", 42));
    }

    @Test
    void hkdfWithoutSaltMatchesRfc5869TestCase3() {
        byte[] ikm = ReferenceCrypto.hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] expected = ReferenceCrypto.hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec345"
                + "4e5f3c738d2d9d201395faa4b61a96c8");
        assertThat(Hkdf.sha256(ikm, null, "", 42)).isEqualTo(expected);
        assertThat(Hkdf.sha256(ikm, new byte[0], "", 42)).isEqualTo(expected);
        assertThat(ReferenceCrypto.hkdfSha256(ikm, null, "", 42)).isEqualTo(expected);
    }
}
