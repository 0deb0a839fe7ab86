package org.bkv.client.key;

import org.bkv.client.testing.ReferenceCrypto;
import org.bkv.opaque.Base64Url;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupIdTest {

    private static final String DIGITS =
            "0001 0203 0405 0607 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f";

    @Test
    void isBase64UrlOfHkdfOfTheBackupKeyWithBackupIdInfo() {
        byte[] expected = ReferenceCrypto.hkdfSha256(ReferenceCrypto.hex(DIGITS), null, "BKV backup id", 32);
        assertThat(BackupId.derive(BackupKey.parseDigits(DIGITS)).value()).isEqualTo(Base64Url.encode(expected));
    }

    @Test
    void is43UrlSafeCharacters() {
        String id = BackupId.derive(BackupKey.generate()).value();
        assertThat(id).hasSize(BackupId.LENGTH_CHARS).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void differsFromTheStorageAuthToken() {
        BackupKey key = BackupKey.parseDigits(DIGITS);
        assertThat(BackupId.derive(key).value()).isNotEqualTo(StorageAuthToken.derive(key).bearerValue());
    }

    @Test
    void sameKeyGivesTheSameIdOnEveryDevice() {
        assertThat(BackupId.derive(BackupKey.parseDigits(DIGITS)))
                .isEqualTo(BackupId.derive(BackupKey.parseDigits(DIGITS)));
    }
}
