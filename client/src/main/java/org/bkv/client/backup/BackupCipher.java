package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Encrypts and decrypts backups in the {@code bkv-backup-v1} format (DESIGN §4.3), streaming with
 * memory of a few segments whatever the file size. {@link #encrypt}/{@link #decrypt} seal or open segments on
 * up to four cores at once ({@code ParallelSegments}); the output is the same as the one-thread streams'. Shaped like Tink's {@code StreamingAead}:
 * {@link #encrypt}/{@link #decrypt} for whole streams, {@link #encryptingStream}/{@link
 * #decryptingStream} to plug into other streams.
 *
 * <p>File layout: 52-byte header (see {@code BackupHeader}: magic "BKV-BKUP", version 1, segment
 * size, 32-byte salt, 7-byte nonce prefix), then segments, each the AES-256-GCM encryption of
 * {@code segmentSize} plaintext bytes (the last one: 0..segmentSize bytes) followed by its 16-byte
 * tag. An empty plaintext is one empty last segment. The segment size only matters when
 * encrypting; decryption takes it from the header.
 */
public final class BackupCipher {

    /** Default plaintext segment size: 1 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    /** Smallest plaintext segment size: 4 KiB. */
    public static final int MIN_SEGMENT_SIZE = 4 << 10;
    /** Largest plaintext segment size: 64 MiB. */
    public static final int MAX_SEGMENT_SIZE = 64 << 20;
    private static final long WARM_UP_LIMIT_MILLIS = 5_000;

    private final int segmentSize;
    private final SecureRandom random;
    private final int workers;

    /** A cipher writing 1 MiB segments. */
    public BackupCipher() {
        this(DEFAULT_SEGMENT_SIZE);
    }

    /** A cipher writing segments of {@code segmentSize} plaintext bytes ({@value #MIN_SEGMENT_SIZE}..{@value #MAX_SEGMENT_SIZE}). */
    public BackupCipher(int segmentSize) {
        this(segmentSize, new SecureRandom());
    }

    /** With a chosen source for salt and nonce prefix: for known-answer tests. */
    BackupCipher(int segmentSize, SecureRandom random) {
        this(segmentSize, random, ParallelSegments.defaultWorkers());
    }

    /** With a chosen number of cores for {@link #encrypt}/{@link #decrypt}: 1 is the one-thread streams. */
    BackupCipher(int segmentSize, SecureRandom random, int workers) {
        BackupHeader.checkSegmentSize(segmentSize);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.segmentSize = segmentSize;
        this.random = Objects.requireNonNull(random, "random");
        this.workers = workers;
    }

    public int segmentSize() {
        return segmentSize;
    }

    /**
     * Encrypts {@code plaintext} to its end into {@code ciphertext}. Closes neither stream.
     *
     * @return the number of plaintext bytes encrypted
     */
    public long encrypt(BackupKey key, InputStream plaintext, OutputStream ciphertext) throws IOException {
        if (workers > 1) {
            return ParallelSegments.encrypt(key, BackupHeader.create(segmentSize, random), plaintext, ciphertext, workers);
        }
        BackupEncryptingOutputStream encrypting = encryptingStream(key, ciphertext);
        long total = encrypting.writeAllFrom(plaintext);
        encrypting.finish();
        return total;
    }

    /**
     * Decrypts {@code ciphertext} to its end into {@code plaintext}. Closes neither stream. Each
     * segment's plaintext is written only after it verified; on failure, what was written before is
     * verified but incomplete.
     *
     * @return the number of plaintext bytes written
     * @throws BackupFormatException (or its subclass {@link BackupAuthenticationException}) when the
     *                               input is not an intact backup under {@code key}
     */
    public long decrypt(BackupKey key, InputStream ciphertext, OutputStream plaintext) throws IOException {
        if (workers > 1) {
            return ParallelSegments.decrypt(key, ciphertext, plaintext, workers);
        }
        BackupDecryptingInputStream decrypting = decryptingStream(key, ciphertext);
        try {
            return decrypting.transferTo(plaintext);
        } finally {
            decrypting.wipe();
        }
    }

    /** An output stream that encrypts into {@code ciphertext}; writes the header now. */
    public BackupEncryptingOutputStream encryptingStream(BackupKey key, OutputStream ciphertext) throws IOException {
        return new BackupEncryptingOutputStream(key, ciphertext, segmentSize, random);
    }

    /** An input stream of the verified plaintext of {@code ciphertext}; reads the header on first read. */
    public BackupDecryptingInputStream decryptingStream(BackupKey key, InputStream ciphertext) {
        return new BackupDecryptingInputStream(key, ciphertext);
    }

    /**
     * Starts compiling the AES-GCM path on a thread of its own, on a throwaway key, so that a large file that follows
     * is sealed (or, with {@code decrypting}, opened) at full speed from its first megabytes instead of warming the JIT
     * up on them. For a short-lived process about to encrypt or decrypt a large file: costs ≈ 0.1 s of CPU on another
     * core; the thread ends once segments go at full speed, after {@value #WARM_UP_LIMIT_MILLIS} ms at the latest.
     */
    public static void warmUpInBackground(boolean decrypting) {
        Thread t = new Thread(() -> SegmentCipher.warmUp(decrypting, WARM_UP_LIMIT_MILLIS), "bkv-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The size of the backup file for {@code plaintextSize} bytes with this segment size. */
    public long ciphertextSize(long plaintextSize) {
        if (plaintextSize < 0) {
            throw new IllegalArgumentException("negative plaintext size");
        }
        long segments = Math.max(1, (plaintextSize + segmentSize - 1) / segmentSize);
        return BackupHeader.LENGTH + plaintextSize + segments * SegmentCipher.TAG_LENGTH;
    }
}
