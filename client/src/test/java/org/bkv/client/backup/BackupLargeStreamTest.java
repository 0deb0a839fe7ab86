package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** 200 MiB through encryption and decryption in one pass, without disk or whole-file buffers. */
class BackupLargeStreamTest {

    private static final long SIZE = 200L << 20;

    @Test
    void twoHundredMebibytesStreamThrough() throws IOException {
        BackupKey key = BackupKey.generate();
        BackupCipher cipher = new BackupCipher();
        InputStream ciphertext = new EncryptingPump(cipher, key, new GeneratedBytes(SIZE, 1));
        VerifyingSink plaintext = new VerifyingSink(new GeneratedBytes(SIZE, 1));
        long decrypted = cipher.decrypt(key, ciphertext, plaintext);
        assertThat(decrypted).isEqualTo(SIZE);
        assertThat(plaintext.matched).isEqualTo(SIZE);
    }

    /** Deterministic pseudo-random bytes, generated on demand. */
    private static final class GeneratedBytes extends InputStream {
        private final SplittableRandom random;
        private long remaining;

        GeneratedBytes(long size, long seed) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, remaining), 64 << 10) & ~7;
            n = n == 0 ? (int) Math.min(length, remaining) : n;
            for (int i = 0; i < n; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    buffer[offset + i + j] = (byte) (value >>> (8 * j));
                }
            }
            remaining -= n;
            return n;
        }
    }

    /** Ciphertext on demand: pulls plaintext through an encrypting stream, one chunk at a time. */
    private static final class EncryptingPump extends InputStream {
        private final InputStream plaintext;
        private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
        private final BackupEncryptingOutputStream encrypting;
        private final byte[] chunk = new byte[64 << 10];
        private byte[] current = new byte[0];
        private int position;
        private boolean done;

        EncryptingPump(BackupCipher cipher, BackupKey key, InputStream plaintext) throws IOException {
            this.plaintext = plaintext;
            this.encrypting = cipher.encryptingStream(key, new OutputStream() {
                @Override
                public void write(int b) {
                    ready.add(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    ready.add(java.util.Arrays.copyOfRange(b, off, off + len));
                }
            });
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position == current.length) {
                if (!ready.isEmpty()) {
                    current = ready.poll();
                    position = 0;
                } else if (done) {
                    return -1;
                } else {
                    int n = plaintext.read(chunk);
                    if (n < 0) {
                        encrypting.finish();
                        done = true;
                    } else {
                        encrypting.write(chunk, 0, n);
                    }
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** Compares what it is given with a second copy of the generated plaintext. */
    private static final class VerifyingSink extends OutputStream {
        private final InputStream expected;
        private byte[] compare = new byte[0];
        long matched;

        VerifyingSink(InputStream expected) {
            this.expected = expected;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (compare.length < len) {
                compare = new byte[len];
            }
            int filled = expected.readNBytes(compare, 0, len);
            if (filled != len || !java.util.Arrays.equals(compare, 0, len, b, off, off + len)) {
                throw new AssertionError("plaintext differs at or after byte " + matched);
            }
            matched += len;
        }
    }
}
