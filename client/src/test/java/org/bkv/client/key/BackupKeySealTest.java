package org.bkv.client.key;

import org.bkv.client.testing.DeterministicRandom;
import org.bkv.client.testing.ReferenceCrypto;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupKeySealTest {

    private static final byte[] EXPORT_KEY = ReferenceCrypto.hex(
            "8f1c2a7d4e9b0356f1e2d3c4b5a69788796a5b4c3d2e1f001122334455667788");
    private static final String DIGITS =
            "0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0 0011 2233 4455 6677 8899 aabb ccdd eeff";
    private static final byte[] NONCE = ReferenceCrypto.hex("a1a2a3a4a5a6a7a8a9aaabac");

    @Test
    void sealedKeyIsNonceThenAesGcmUnderTheHkdfWrapKey() {
        byte[] sealed = BackupKeySeal.seal(EXPORT_KEY, BackupKey.parseDigits(DIGITS), new DeterministicRandom(NONCE));
        byte[] wrapKey = ReferenceCrypto.hkdfSha256(EXPORT_KEY, null, "BKV backup key wrap", 32);
        byte[] expected = new byte[60];
        System.arraycopy(NONCE, 0, expected, 0, 12);
        System.arraycopy(ReferenceCrypto.aesGcmEncrypt(wrapKey, NONCE, new byte[0], ReferenceCrypto.hex(DIGITS)),
                0, expected, 12, 48);
        assertThat(sealed).isEqualTo(expected);
    }

    @Test
    void sealedKeyFitsTheServerLimit() {
        assertThat(BackupKeySeal.seal(EXPORT_KEY, BackupKey.generate())).hasSize(BackupKeySeal.SEALED_LENGTH)
                .hasSizeLessThanOrEqualTo(1024);
    }

    @Test
    void opensWithTheSameExportKey() throws Exception {
        BackupKey key = BackupKey.generate();
        assertThat(BackupKeySeal.open(EXPORT_KEY, BackupKeySeal.seal(EXPORT_KEY, key))).isEqualTo(key);
    }

    @Test
    void acceptsA64ByteExportKey() throws Exception {
        byte[] exportKey = new byte[64];
        BackupKey key = BackupKey.generate();
        assertThat(BackupKeySeal.open(exportKey, BackupKeySeal.seal(exportKey, key))).isEqualTo(key);
    }

    @Test
    void refusesAnotherExportKey() {
        byte[] sealed = BackupKeySeal.seal(EXPORT_KEY, BackupKey.generate());
        byte[] otherExportKey = EXPORT_KEY.clone();
        otherExportKey[0] ^= 1;
        assertThatThrownBy(() -> BackupKeySeal.open(otherExportKey, sealed))
                .isInstanceOf(BackupKeySealException.class).hasMessageContaining("wrong export key");
    }

    @Test
    void refusesEveryModifiedByte() {
        byte[] sealed = BackupKeySeal.seal(EXPORT_KEY, BackupKey.generate());
        for (int i = 0; i < sealed.length; i++) {
            byte[] modified = sealed.clone();
            modified[i] ^= 0x40;
            assertThatThrownBy(() -> BackupKeySeal.open(EXPORT_KEY, modified))
                    .isInstanceOf(BackupKeySealException.class);
        }
    }

    @Test
    void refusesWrongLengths() {
        byte[] sealed = BackupKeySeal.seal(EXPORT_KEY, BackupKey.generate());
        assertThatThrownBy(() -> BackupKeySeal.open(EXPORT_KEY, Arrays.copyOf(sealed, 59)))
                .isInstanceOf(BackupKeySealException.class).hasMessageContaining("60 bytes");
        assertThatThrownBy(() -> BackupKeySeal.open(EXPORT_KEY, Arrays.copyOf(sealed, 61)))
                .isInstanceOf(BackupKeySealException.class);
        assertThatThrownBy(() -> BackupKeySeal.open(EXPORT_KEY, null))
                .isInstanceOf(BackupKeySealException.class);
    }

    @Test
    void refusesShortExportKeys() {
        assertThatThrownBy(() -> BackupKeySeal.seal(new byte[16], BackupKey.generate()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
