package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bkv.client.backup.Backups.HEADER;
import static org.bkv.client.backup.Backups.SEALED_SEGMENT;
import static org.bkv.client.backup.Backups.SEGMENT;
import static org.bkv.client.backup.Backups.segmentOffset;

/** Every way to damage a backup is detected, and no unverified plaintext escapes. */
class BackupTamperingTest {

    /** Four segments: three full, the last one 100 bytes. */
    private static final byte[] PLAINTEXT = Backups.randomBytes(3 * SEGMENT + 100, 42);

    private final BackupKey key = BackupKey.generate();
    private final byte[] backup = Backups.encrypt(key, PLAINTEXT);

    @Test
    void theUntouchedBackupDecrypts() throws IOException {
        assertThat(Backups.decrypt(key, backup)).isEqualTo(PLAINTEXT);
    }

    @Test
    void wrongKeyIsRejectedAtSegmentZero() {
        assertThatThrownBy(() -> Backups.decrypt(BackupKey.generate(), backup))
                .isInstanceOf(BackupAuthenticationException.class)
                .hasMessageContaining("segment 0").hasMessageContaining("wrong backup key");
    }

    @Test
    void truncationAtEverySegmentBoundaryIsRejected() {
        for (int segments = 1; segments <= 3; segments++) {
            byte[] cut = Arrays.copyOf(backup, segmentOffset(segments));
            assertThatThrownBy(() -> Backups.decrypt(key, cut))
                    .isInstanceOf(BackupAuthenticationException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void truncationRightAfterTheHeaderIsRejected() {
        assertThatThrownBy(() -> Backups.decrypt(key, Arrays.copyOf(backup, HEADER)))
                .isInstanceOf(BackupFormatException.class).hasMessageContaining("right after its header");
    }

    @Test
    void truncationInsideTheHeaderIsRejected() {
        for (int length : new int[] {1, 8, 9, 13, HEADER - 1}) {
            assertThatThrownBy(() -> Backups.decrypt(key, Arrays.copyOf(backup, length)))
                    .isInstanceOf(BackupFormatException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void truncationInsideEverySegmentIsRejected() {
        for (int segment = 0; segment < 4; segment++) {
            int start = segmentOffset(segment);
            int end = Math.min(backup.length, start + SEALED_SEGMENT);
            for (int cutAt : new int[] {start + 1, start + 15, start + 16, (start + end) / 2, end - 16, end - 1}) {
                byte[] cut = Arrays.copyOf(backup, cutAt);
                assertThatThrownBy(() -> Backups.decrypt(key, cut)).isInstanceOf(BackupFormatException.class);
            }
        }
    }

    @Test
    void swappingTwoSegmentsIsRejected() {
        for (int[] pair : List.of(new int[] {0, 1}, new int[] {1, 2})) {
            byte[] swapped = backup.clone();
            System.arraycopy(backup, segmentOffset(pair[0]), swapped, segmentOffset(pair[1]), SEALED_SEGMENT);
            System.arraycopy(backup, segmentOffset(pair[1]), swapped, segmentOffset(pair[0]), SEALED_SEGMENT);
            assertThatThrownBy(() -> Backups.decrypt(key, swapped))
                    .isInstanceOf(BackupAuthenticationException.class)
                    .hasMessageContaining("segment " + pair[0]);
        }
    }

    @Test
    void droppingAMiddleSegmentIsRejected() {
        byte[] dropped = new byte[backup.length - SEALED_SEGMENT];
        System.arraycopy(backup, 0, dropped, 0, segmentOffset(1));
        System.arraycopy(backup, segmentOffset(2), dropped, segmentOffset(1), backup.length - segmentOffset(2));
        assertThatThrownBy(() -> Backups.decrypt(key, dropped)).isInstanceOf(BackupAuthenticationException.class);
    }

    @Test
    void appendingAValidlySealedSegmentIsRejected() throws Exception {
        // A full-size file, so that its real last segment is followed by an authentic next one.
        byte[] full = Backups.encrypt(key, Backups.randomBytes(2 * SEGMENT, 1));
        BackupHeader header = BackupHeader.read(new ByteArrayInputStream(full));
        byte[] extra = new byte[SEALED_SEGMENT];
        int sealedLength = new SegmentCipher(key, header).seal(2, true, new byte[SEGMENT], SEGMENT, extra);
        byte[] extended = concat(full, Arrays.copyOf(extra, sealedLength));
        assertThatThrownBy(() -> Backups.decrypt(key, extended))
                .isInstanceOf(BackupAuthenticationException.class)
                .hasMessageContaining("extra data after its last segment");
    }

    @Test
    void appendingGarbageIsRejected() {
        for (int length : new int[] {1, 15, 16, 17, SEALED_SEGMENT, SEALED_SEGMENT + 1}) {
            byte[] extended = concat(backup, Backups.randomBytes(length, length));
            assertThatThrownBy(() -> Backups.decrypt(key, extended)).isInstanceOf(BackupFormatException.class);
        }
    }

    @Test
    void appendingACopyOfTheLastSegmentIsRejected() {
        byte[] extended = concat(backup, Arrays.copyOfRange(backup, segmentOffset(3), backup.length));
        assertThatThrownBy(() -> Backups.decrypt(key, extended)).isInstanceOf(BackupAuthenticationException.class);
    }

    @Test
    void aBitFlipAnywhereIsRejected() {
        int checked = 0;
        for (int position = 0; position < backup.length; position += position < HEADER ? 1 : 13) {
            assertBitFlipRejected(position);
            checked++;
        }
        for (int segment = 0; segment < 4; segment++) {
            int tagEnd = Math.min(backup.length, segmentOffset(segment + 1));
            for (int position = tagEnd - SegmentCipher.TAG_LENGTH; position < tagEnd; position++) {
                assertBitFlipRejected(position);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void wrongMagicSaysItIsNotABackup() {
        byte[] modified = backup.clone();
        modified[0] = 'X';
        assertThatThrownBy(() -> Backups.decrypt(key, modified))
                .isInstanceOf(BackupFormatException.class).hasMessageContaining("not a BKV backup");
    }

    @Test
    void unknownVersionIsRejectedByNumber() {
        byte[] modified = backup.clone();
        modified[8] = 2;
        assertThatThrownBy(() -> Backups.decrypt(key, modified))
                .isInstanceOf(BackupFormatException.class).hasMessageContaining("version 2");
    }

    @Test
    void outOfRangeSegmentSizeIsRejectedBeforeAllocating() {
        byte[] modified = backup.clone();
        modified[9] = (byte) 0x7f;
        assertThatThrownBy(() -> Backups.decrypt(key, modified))
                .isInstanceOf(BackupFormatException.class).hasMessageContaining("invalid segment size");
    }

    @Test
    void otherInRangeSegmentSizeFailsAuthentication() {
        byte[] modified = backup.clone();
        modified[11] ^= 0x20;
        assertThatThrownBy(() -> Backups.decrypt(key, modified)).isInstanceOf(BackupAuthenticationException.class);
    }

    @Test
    void emptyInputIsNotABackup() {
        assertThatThrownBy(() -> Backups.decrypt(key, new byte[0]))
                .isInstanceOf(BackupFormatException.class).hasMessageContaining("empty");
    }

    @Test
    void noPlaintextOfAnUnverifiedSegmentIsReleased() throws IOException {
        byte[] modified = backup.clone();
        modified[segmentOffset(1) + 10] ^= 1;
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        InputStream decrypting = new BackupCipher(SEGMENT).decryptingStream(key, new ByteArrayInputStream(modified));
        byte[] buffer = new byte[1000];
        IOException failure = catchThrowableOfType(() -> {
            for (int n = decrypting.read(buffer); n >= 0; n = decrypting.read(buffer)) {
                released.write(buffer, 0, n);
            }
        }, IOException.class);
        assertThat(failure).isInstanceOf(BackupAuthenticationException.class);
        assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(PLAINTEXT, SEGMENT));
    }

    @Test
    void aFailedStreamKeepsFailing() throws IOException {
        byte[] modified = backup.clone();
        modified[segmentOffset(0) + 10] ^= 1;
        InputStream decrypting = new BackupCipher(SEGMENT).decryptingStream(key, new ByteArrayInputStream(modified));
        assertThatThrownBy(decrypting::read).isInstanceOf(BackupAuthenticationException.class);
        assertThatThrownBy(decrypting::read).isInstanceOf(BackupAuthenticationException.class);
    }

    @Test
    void failureMessagesHoldNoKeyMaterial() {
        BackupAuthenticationException e = catchThrowableOfType(
                () -> Backups.decrypt(key, flipped(segmentOffset(2))), BackupAuthenticationException.class);
        for (String group : key.toDigits().split(" ")) {
            assertThat(e.getMessage()).doesNotContain(group);
        }
    }

    private void assertBitFlipRejected(int position) {
        byte[] modified = flipped(position);
        assertThatThrownBy(() -> Backups.decrypt(key, modified))
                .as("bit flip at byte %d", position)
                .isInstanceOf(BackupFormatException.class);
    }

    private byte[] flipped(int position) {
        byte[] modified = backup.clone();
        modified[position] ^= (byte) (1 << (position % 8));
        return modified;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
