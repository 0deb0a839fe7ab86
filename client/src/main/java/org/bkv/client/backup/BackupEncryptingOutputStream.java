package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Plaintext in, {@code bkv-backup-v1} ciphertext out. The header is written on construction; a
 * full segment is sealed only when more data arrives, so that {@link #finish()} can mark the real
 * last segment. Without {@code finish()} or {@code close()} the output is truncated, and a reader
 * rejects it. Memory: two segment buffers.
 */
public final class BackupEncryptingOutputStream extends OutputStream {

    private final OutputStream ciphertext;
    private final SegmentCipher cipher;
    private final byte[] plain;
    private final byte[] sealed;
    private int buffered;
    private long segmentIndex;
    private boolean finished;

    BackupEncryptingOutputStream(BackupKey key, OutputStream ciphertext, int segmentSize, SecureRandom random)
            throws IOException {
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
        BackupHeader header = BackupHeader.create(segmentSize, random);
        this.cipher = new SegmentCipher(key, header);
        this.plain = new byte[segmentSize];
        this.sealed = new byte[segmentSize + SegmentCipher.TAG_LENGTH];
        ciphertext.write(header.encoded());
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffered == plain.length) {
            sealSegment(false);
        }
        plain[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            if (buffered == plain.length) {
                sealSegment(false);
            }
            int n = Math.min(length, plain.length - buffered);
            System.arraycopy(bytes, offset, plain, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
        }
    }

    /** Reads {@code in} to its end straight into the segment buffer; returns the bytes read. */
    long writeAllFrom(InputStream in) throws IOException {
        ensureOpen();
        long total = 0;
        while (true) {
            if (buffered == plain.length) {
                int next = in.read();
                if (next < 0) {
                    return total;
                }
                sealSegment(false);
                plain[buffered++] = (byte) next;
                total++;
            }
            int n = in.read(plain, buffered, plain.length - buffered);
            if (n < 0) {
                return total;
            }
            buffered += n;
            total += n;
        }
    }

    /** Seals the buffered data as the last segment and flushes, without closing the ciphertext stream. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        sealSegment(true);
        finished = true;
        Arrays.fill(plain, (byte) 0);
        ciphertext.flush();
    }

    /** {@link #finish()}, then closes the ciphertext stream. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            ciphertext.close();
        }
    }

    @Override
    public void flush() throws IOException {
        ciphertext.flush();
    }

    private void sealSegment(boolean last) throws IOException {
        if (segmentIndex > SegmentCipher.MAX_SEGMENT_INDEX) {
            throw new IOException("the backup is too large: more than 2^32 segments of "
                    + plain.length + " bytes");
        }
        int sealedLength = cipher.seal(segmentIndex, last, plain, buffered, sealed);
        ciphertext.write(sealed, 0, sealedLength);
        segmentIndex++;
        buffered = 0;
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("the backup stream is already finished");
        }
    }
}
