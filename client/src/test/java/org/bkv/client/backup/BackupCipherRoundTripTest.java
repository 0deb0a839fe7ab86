package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bkv.client.backup.Backups.SEGMENT;

class BackupCipherRoundTripTest {

    private final BackupKey key = BackupKey.generate();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 7})
    void decryptsWhatItEncrypted(int length) throws Exception {
        byte[] plaintext = Backups.randomBytes(length, length);
        byte[] backup = Backups.encrypt(key, plaintext);
        assertThat(Backups.decrypt(key, backup)).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 7})
    void fileSizeIsHeaderPlusPlaintextPlusOneTagPerSegment(int length) {
        BackupCipher cipher = new BackupCipher(SEGMENT);
        assertThat(Backups.encrypt(cipher, key, new byte[length])).hasSize((int) cipher.ciphertextSize(length));
    }

    @Test
    void emptyPlaintextIsOneEmptyLastSegment() {
        assertThat(Backups.encrypt(key, new byte[0])).hasSize(Backups.HEADER + SegmentCipher.TAG_LENGTH);
    }

    @Test
    void exactMultipleOfTheSegmentSizeEndsWithAFullLastSegment() {
        assertThat(Backups.encrypt(key, new byte[2 * SEGMENT])).hasSize(Backups.segmentOffset(2));
    }

    @Test
    void twoEncryptionsOfTheSameDataDiffer() {
        byte[] plaintext = new byte[100];
        assertThat(Backups.encrypt(key, plaintext)).isNotEqualTo(Backups.encrypt(key, plaintext));
    }

    @Test
    void headerStartsWithMagicVersionAndSegmentSize() {
        byte[] backup = Backups.encrypt(key, new byte[1]);
        assertThat(new String(backup, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("BKV-BKUP");
        assertThat(backup[8]).isEqualTo((byte) 1);
        assertThat(java.nio.ByteBuffer.wrap(backup, 9, 4).getInt()).isEqualTo(SEGMENT);
    }

    @Test
    void streamsRoundTripWithOddWriteAndReadSizes() throws Exception {
        byte[] plaintext = Backups.randomBytes(5 * SEGMENT + 123, 7);
        BackupCipher cipher = new BackupCipher(SEGMENT);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream encrypting = cipher.encryptingStream(key, sink)) {
            int at = 0;
            for (int step = 1; at < plaintext.length; step = step * 3 % 5000 + 1) {
                int n = Math.min(step, plaintext.length - at);
                if (n == 1) {
                    encrypting.write(plaintext[at]);
                } else {
                    encrypting.write(plaintext, at, n);
                }
                at += n;
            }
        }
        ByteArrayOutputStream decrypted = new ByteArrayOutputStream();
        try (InputStream decrypting = cipher.decryptingStream(key, new ByteArrayInputStream(sink.toByteArray()))) {
            byte[] buffer = new byte[777];
            for (int b = decrypting.read(); b >= 0; b = decrypting.read()) {
                decrypted.write(b);
                int n = decrypting.read(buffer);
                if (n > 0) {
                    decrypted.write(buffer, 0, n);
                }
            }
        }
        assertThat(decrypted.toByteArray()).isEqualTo(plaintext);
    }

    @Test
    void encryptingStreamRefusesWritesAfterFinish() throws Exception {
        BackupEncryptingOutputStream encrypting = new BackupCipher(SEGMENT).encryptingStream(key, new ByteArrayOutputStream());
        encrypting.finish();
        assertThatThrownBy(() -> encrypting.write(1)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void segmentSizeMustBeWithinBounds() {
        assertThatThrownBy(() -> new BackupCipher(BackupCipher.MIN_SEGMENT_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackupCipher(BackupCipher.MAX_SEGMENT_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smallestSegmentSizeRoundTrips() throws Exception {
        byte[] plaintext = Backups.randomBytes(3 * BackupCipher.MIN_SEGMENT_SIZE + 1, 3);
        assertThat(Backups.decrypt(key, Backups.encrypt(new BackupCipher(BackupCipher.MIN_SEGMENT_SIZE), key, plaintext)))
                .isEqualTo(plaintext);
    }

    @Test
    void largestSegmentSizeRoundTrips() throws Exception {
        byte[] plaintext = Backups.randomBytes(100_000, 4);
        assertThat(Backups.decrypt(key, Backups.encrypt(new BackupCipher(BackupCipher.MAX_SEGMENT_SIZE), key, plaintext)))
                .isEqualTo(plaintext);
    }

    @Test
    void decryptionTakesTheSegmentSizeFromTheHeader() throws Exception {
        byte[] plaintext = Backups.randomBytes(3 * 8192 + 5, 5);
        byte[] backup = Backups.encrypt(new BackupCipher(8192), key, plaintext);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BackupCipher().decrypt(key, new ByteArrayInputStream(backup), out);
        assertThat(out.toByteArray()).isEqualTo(plaintext);
    }
}
