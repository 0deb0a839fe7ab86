package org.bkv.client.key;

import org.bkv.client.testing.ReferenceCrypto;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageAuthTokenTest {

    private static final String DIGITS =
            "0001 0203 0405 0607 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f";

    @Test
    void isHkdfOfTheBackupKeyWithoutSaltAndStorageAuthInfo() {
        byte[] expected = ReferenceCrypto.hkdfSha256(ReferenceCrypto.hex(DIGITS), null, "BKV storage auth", 32);
        assertThat(StorageAuthToken.derive(BackupKey.parseDigits(DIGITS)).toBytes()).isEqualTo(expected);
    }

    @Test
    void bearerValueIsUnpaddedBase64Url() {
        StorageAuthToken token = StorageAuthToken.derive(BackupKey.parseDigits(DIGITS));
        assertThat(token.bearerValue()).hasSize(43).doesNotContain("=", "+", "/");
        assertThat(Base64.getUrlDecoder().decode(token.bearerValue())).isEqualTo(token.toBytes());
    }

    @Test
    void differentKeysGiveDifferentTokens() {
        assertThat(StorageAuthToken.derive(BackupKey.generate()).toBytes())
                .isNotEqualTo(StorageAuthToken.derive(BackupKey.generate()).toBytes());
    }

    @Test
    void matchesOnlyItsOwnBytes() {
        StorageAuthToken token = StorageAuthToken.derive(BackupKey.parseDigits(DIGITS));
        byte[] other = token.toBytes();
        other[31] ^= 1;
        assertThat(token.matches(token.toBytes())).isTrue();
        assertThat(token.matches(other)).isFalse();
        assertThat(token.matches(new byte[0])).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void destroyZeroesAndHidesTheToken() {
        StorageAuthToken token = StorageAuthToken.derive(BackupKey.parseDigits(DIGITS));
        assertThat(token.toString()).doesNotContain(token.bearerValue());
        token.destroy();
        assertThatThrownBy(token::bearerValue).isInstanceOf(IllegalStateException.class);
    }
}
