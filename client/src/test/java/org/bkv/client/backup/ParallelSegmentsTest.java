package org.bkv.client.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bkv.client.key.BackupKey;
import org.junit.jupiter.api.Test;

/**
 * The many-core path of {@link BackupCipher#encrypt}/{@link BackupCipher#decrypt} against the one-thread streams:
 * the same bytes out, and for every damaged file the same verdict and the same message.
 */
class ParallelSegmentsTest {
    private static final int SEGMENT = Backups.SEGMENT;
    private final BackupKey key = BackupKey.generate();

    @Test
    void manyCoresWriteExactlyTheBytesOfOneThread() throws IOException {
        for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 5 * SEGMENT, 37 * SEGMENT + 123}) {
            byte[] plaintext = Backups.randomBytes(size, size);
            byte[] one = encrypt(1, plaintext);
            for (int workers : new int[] {2, 3, 4}) {
                assertThat(encrypt(workers, plaintext)).as("%d bytes, %d workers", size, workers).isEqualTo(one);
            }
            assertThat(decrypt(3, one)).isEqualTo(plaintext);
        }
    }

    @Test
    void everyDamageGetsTheSameVerdictAsOneThread() throws IOException {
        byte[] plaintext = Backups.randomBytes(9 * SEGMENT + 100, 7);
        byte[] backup = encrypt(1, plaintext);
        List<byte[]> damaged = new ArrayList<>();
        for (int length = 0; length < backup.length; length += 997) {
            damaged.add(Arrays.copyOf(backup, length));
        }
        for (int i = 0; i <= 9; i++) {
            damaged.add(Arrays.copyOf(backup, Backups.segmentOffset(i)));
            byte[] flipped = backup.clone();
            flipped[Backups.segmentOffset(i) + 5] ^= 0x40;
            damaged.add(flipped);
        }
        byte[] swapped = backup.clone();
        System.arraycopy(backup, Backups.segmentOffset(3), swapped, Backups.segmentOffset(4), Backups.SEALED_SEGMENT);
        System.arraycopy(backup, Backups.segmentOffset(4), swapped, Backups.segmentOffset(3), Backups.SEALED_SEGMENT);
        damaged.add(swapped);
        byte[] extended = Arrays.copyOf(backup, backup.length + 40);
        damaged.add(extended);
        for (byte[] file : damaged) {
            String one = verdict(1, file);
            assertThat(one).as("a damaged file of %d bytes is refused", file.length).doesNotStartWith("ok");
            for (int workers : new int[] {2, 4}) {
                assertThat(verdict(workers, file)).as("%d bytes, %d workers", file.length, workers).isEqualTo(one);
            }
        }
    }

    @Test
    void aFailingInputEndsTheRunWithItsErrorAndNoThreadLeft() throws Exception {
        byte[] plaintext = Backups.randomBytes(20 * SEGMENT, 8);
        byte[] backup = encrypt(1, plaintext);
        for (boolean decrypting : new boolean[] {false, true}) {
            byte[] input = decrypting ? backup : plaintext;
            InputStream failing = new FailingInputStream(input, 7 * SEGMENT + 5);
            BackupCipher cipher = new BackupCipher(SEGMENT, seeded(), 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> {
                if (decrypting) {
                    cipher.decrypt(key, failing, out);
                } else {
                    cipher.encrypt(key, failing, out);
                }
            }).isInstanceOf(IOException.class).hasMessage("the disk went away");
            assertThat(out.size()).as("written before the failure").isLessThan(input.length);
        }
        assertNoPipelineThreadsLeft();
    }

    @Test
    void aFailingOutputStopsTheReaderAndTheWorkers() throws Exception {
        byte[] plaintext = Backups.randomBytes(40 * SEGMENT, 9);
        OutputStream full = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 3 * SEGMENT) {
                    throw new IOException("no space left on device");
                }
            }
        };
        BackupCipher cipher = new BackupCipher(SEGMENT, seeded(), 2);
        assertThatThrownBy(() -> cipher.encrypt(key, new ByteArrayInputStream(plaintext), full))
                .isInstanceOf(IOException.class).hasMessage("no space left on device");
        assertNoPipelineThreadsLeft();
    }

    /** The reader and the workers are gone once encrypt or decrypt returned or threw. */
    private static void assertNoPipelineThreadsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pipelineThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pipelineThreads()).isZero();
    }

    private static long pipelineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().equals("bkv-reader") || t.getName().equals("bkv-segments")))
                .count();
    }

    /** Delivers {@code data} up to {@code failAt}, then throws. */
    private static final class FailingInputStream extends InputStream {
        private final byte[] data;
        private final int failAt;
        private int position;

        FailingInputStream(byte[] data, int failAt) {
            this.data = data;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= failAt) {
                throw new IOException("the disk went away");
            }
            int n = Math.min(len, Math.min(failAt, data.length) - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    private byte[] encrypt(int workers, byte[] plaintext) throws IOException {
        BackupCipher cipher = new BackupCipher(SEGMENT, seeded(), workers);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(cipher.encrypt(key, new ByteArrayInputStream(plaintext), out)).isEqualTo(plaintext.length);
        return out.toByteArray();
    }

    private byte[] decrypt(int workers, byte[] backup) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BackupCipher(SEGMENT, seeded(), workers).decrypt(key, new ByteArrayInputStream(backup), out);
        return out.toByteArray();
    }

    private String verdict(int workers, byte[] backup) {
        try {
            return "ok " + decrypt(workers, backup).length;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The same salt and nonce prefix each time, so outputs can be compared byte for byte. */
    private static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
