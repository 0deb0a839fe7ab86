package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code bkv-backup-v1} ciphertext in, verified plaintext out, one segment at a time: a segment's
 * plaintext is released only after its tag verified. A segment is the last one exactly when the
 * input ends right after it, so truncation, reordering and extension all fail authentication.
 * After a failure every further read throws the same exception. Memory: two segment buffers.
 */
public final class BackupDecryptingInputStream extends InputStream {

    private final BackupKey key;
    private final InputStream ciphertext;

    private SegmentCipher cipher;
    /** One sealed segment plus one byte of look-ahead, to learn whether more follows. */
    private byte[] sealed;
    private byte[] plain;
    private int lookAhead;
    private int plainStart;
    private int plainEnd;
    private long segmentIndex;
    private boolean lastSegmentRead;
    private IOException failure;

    BackupDecryptingInputStream(BackupKey key, InputStream ciphertext) {
        this.key = Objects.requireNonNull(key, "key");
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public int read() throws IOException {
        if (!fillPlain()) {
            return -1;
        }
        return plain[plainStart++] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (!fillPlain()) {
            return -1;
        }
        int n = Math.min(length, plainEnd - plainStart);
        System.arraycopy(plain, plainStart, bytes, offset, n);
        plainStart += n;
        return n;
    }

    @Override
    public int available() {
        return plainEnd - plainStart;
    }

    /** Writes the remaining plaintext to {@code out} segment by segment, without an extra copy. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        long total = 0;
        while (fillPlain()) {
            int n = plainEnd - plainStart;
            out.write(plain, plainStart, n);
            plainStart = plainEnd;
            total += n;
        }
        return total;
    }

    /** Zeroes the buffers and closes the ciphertext stream. */
    @Override
    public void close() throws IOException {
        wipe();
        ciphertext.close();
    }

    void wipe() {
        if (plain != null) {
            Arrays.fill(plain, (byte) 0);
        }
        plainStart = plainEnd;
    }

    /** Makes plaintext available; false at the verified end of the backup. */
    private boolean fillPlain() throws IOException {
        if (failure != null) {
            throw failure;
        }
        while (plainStart == plainEnd) {
            if (lastSegmentRead) {
                return false;
            }
            try {
                openNextSegment();
            } catch (IOException e) {
                failure = e;
                wipe();
                throw e;
            }
        }
        return true;
    }

    private void openNextSegment() throws IOException {
        if (cipher == null) {
            BackupHeader header = BackupHeader.read(ciphertext);
            cipher = new SegmentCipher(key, header);
            sealed = new byte[header.segmentSize() + SegmentCipher.TAG_LENGTH + 1];
            plain = new byte[header.segmentSize()];
        }
        int filled = lookAhead;
        while (filled < sealed.length) {
            int n = ciphertext.read(sealed, filled, sealed.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        boolean last = filled < sealed.length;
        int sealedLength = last ? filled : sealed.length - 1;
        if (sealedLength < SegmentCipher.TAG_LENGTH) {
            throw new BackupFormatException(segmentIndex == 0 && sealedLength == 0
                    ? "the backup is truncated: it ends right after its header"
                    : "the backup is truncated: segment " + segmentIndex + " is shorter than its tag");
        }
        if (segmentIndex > SegmentCipher.MAX_SEGMENT_INDEX) {
            throw new BackupFormatException("the backup has more than 2^32 segments");
        }
        try {
            plainEnd = cipher.open(segmentIndex, last, sealed, sealedLength, plain);
        } catch (AEADBadTagException e) {
            throw authenticationFailure(last, sealedLength);
        }
        plainStart = 0;
        if (!last) {
            sealed[0] = sealed[sealed.length - 1];
            lookAhead = 1;
        }
        segmentIndex++;
        lastSegmentRead = last;
    }

    private BackupAuthenticationException authenticationFailure(boolean last, int sealedLength) {
        return SegmentCipher.authenticationFailure(cipher, segmentIndex, last, sealed, sealedLength,
                sealed.length - 1, plain);
    }
}
