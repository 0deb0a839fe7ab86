package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.DeterministicRandom;
import org.bkv.client.testing.ReferenceCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bkv-backup-v1 with a fixed key, salt and nonce prefix, checked against {@link ReferenceCrypto}:
 * an independent implementation (one-shot javax.crypto GCM, hand-written HKDF).
 */
class BackupFormatKnownAnswerTest {

    private static final String KEY_DIGITS =
            "000f 1e2d 3c4b 5a69 7887 96a5 b4c3 d2e1 f00f 1e2d 3c4b 5a69 7887 96a5 b4c3 d2e1";
    private static final byte[] SALT = ReferenceCrypto.hex(
            "5a5a5a5a 01020304 05060708 090a0b0c 0d0e0f10 11121314 15161718 191a1b1c");
    private static final byte[] NONCE_PREFIX = ReferenceCrypto.hex("a0a1a2a3a4a5a6");
    /** The whole file for an empty plaintext: header ‖ tag of the one empty last segment (68 bytes). */
    private static final String EMPTY_FILE_HEX = "424b562d424b555001000010005a5a5a5a0102030405060708090a0b0c0d0e0f10111213"
            + "1415161718191a1b1ca0a1a2a3a4a5a6" + "1545eb63ad88208edcf3d38775539901";

    private final BackupKey key = BackupKey.parseDigits(KEY_DIGITS);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 4097, 2 * 4096 + 1000})
    void encryptionMatchesTheIndependentComputation(int length) {
        byte[] plaintext = Backups.randomBytes(length, 99);
        BackupCipher cipher = new BackupCipher(4096, new DeterministicRandom(SALT, NONCE_PREFIX));
        byte[] expected = ReferenceCrypto.backupFile(ReferenceCrypto.hex(KEY_DIGITS), 4096, SALT, NONCE_PREFIX, plaintext);
        assertThat(Backups.encrypt(cipher, key, plaintext)).isEqualTo(expected);
    }

    @Test
    void decryptionAcceptsTheIndependentComputation() throws Exception {
        byte[] plaintext = Backups.randomBytes(3 * 8192 + 17, 5);
        byte[] file = ReferenceCrypto.backupFile(ReferenceCrypto.hex(KEY_DIGITS), 8192, SALT, NONCE_PREFIX, plaintext);
        assertThat(Backups.decrypt(key, file)).isEqualTo(plaintext);
    }

    @Test
    void emptyBackupIsPinned() {
        BackupCipher cipher = new BackupCipher(4096, new DeterministicRandom(SALT, NONCE_PREFIX));
        assertThat(HexFormat.of().formatHex(Backups.encrypt(cipher, key, new byte[0]))).isEqualTo(EMPTY_FILE_HEX);
    }
}
