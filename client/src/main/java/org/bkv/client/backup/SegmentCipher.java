package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AES-256-GCM over one file's segments. File key = HKDF-SHA256(backupKey, header salt,
 * "BKV backup v1"); nonce of segment i = prefix (7) ‖ i as 4 bytes big-endian ‖ 0x01 if last else
 * 0x00; associated data = the header for segment 0, empty for the others.
 *
 * <p>Why the JDK cipher is fed in {@value #CHUNK}-byte pieces, and why {@link #open} is CTR plus
 * a recomputed tag rather than GCM decryption: on JDK 17, SunJCE's GCM reaches its AES-NI/CLMUL
 * intrinsics only once its inner callers are C2-compiled, which takes thousands of calls. One
 * call per 1 MiB segment leaves a one-shot {@code bkv} run at ~40 MB/s for its first hundreds of
 * megabytes; 4 KiB calls (256 B for the first 20,000 calls in the JVM) reach full speed within a
 * few megabytes. GCM decryption cannot be fed in pieces
 * (SunJCE buffers the whole input until {@code doFinal}), so {@code open} decrypts with AES-CTR
 * from GCM's first data counter, then GCM-encrypts the recovered plaintext under the same nonce
 * and AAD, which yields the same ciphertext and the tag GCM decryption would compute, and compares
 * the tags in constant time. The plaintext stays in the caller's private buffer until it verified.
 */
final class SegmentCipher {

    static final String FILE_KEY_INFO = "BKV backup v1";
    static final int TAG_LENGTH = 16;
    /** Segment indices are 4-byte unsigned counters. */
    static final long MAX_SEGMENT_INDEX = 0xFFFF_FFFFL;
    /** Bytes per call into the JDK cipher once warm; like {@link #WARM_UP_CHUNK}, a multiple of the AES block. */
    static final int CHUNK = 4096;
    /** While the JIT warms up (first ~5 MB per JVM), smaller calls reach the intrinsics sooner. */
    static final int WARM_UP_CHUNK = 256;
    private static final AtomicInteger WARM_UP_CALLS_LEFT = new AtomicInteger(20_000);

    private static final int NONCE_LENGTH = 12;
    /** GCM encrypts data from counter inc32(J0) = nonce ‖ 00000002. */
    private static final int FIRST_DATA_COUNTER = 2;

    private final SecretKeySpec fileKey;
    private final byte[] headerAad;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private final byte[] counterBlock = new byte[16];
    private final byte[] scratch = new byte[CHUNK + TAG_LENGTH];
    private final Cipher gcm;
    private final Cipher ctr;

    SegmentCipher(BackupKey backupKey, BackupHeader header) {
        // A segment of at most 64 MiB is 2^22 blocks: GCM's 32-bit counter and JDK CTR's 128-bit
        // counter cannot diverge (no carry out of the low 32 bits).
        if (header.segmentSize() > BackupCipher.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment too large");
        }
        byte[] keyBits = backupKey.derive(header.salt(), FILE_KEY_INFO, 32);
        try {
            // SecretKeySpec copies the bits and cannot be zeroed; it lives as long as this file's stream.
            this.fileKey = new SecretKeySpec(keyBits, "AES");
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
            this.ctr = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        } finally {
            Arrays.fill(keyBits, (byte) 0);
        }
        this.headerAad = header.encoded();
        System.arraycopy(header.noncePrefix(), 0, nonce, 0, BackupHeader.NONCE_PREFIX_LENGTH);
    }

    /** Encrypts {@code plain[0, length)} into {@code sealed}; returns the sealed length (length + 16). */
    int seal(long index, boolean last, byte[] plain, int length, byte[] sealed) {
        try {
            initGcmEncryption(index, last);
            int in = 0;
            int out = 0;
            for (int step = chunk(); length - in > step; step = chunk()) {
                out += gcm.update(plain, in, step, sealed, out);
                in += step;
            }
            return out + gcm.doFinal(plain, in, length - in, sealed, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt a segment", e);
        }
    }

    /**
     * Decrypts and verifies {@code sealed[0, length)} into {@code plain}; returns the plaintext
     * length. When the tag does not verify, {@code plain} is zeroed and nothing is returned.
     */
    int open(long index, boolean last, byte[] sealed, int length, byte[] plain) throws AEADBadTagException {
        int plainLength = length - TAG_LENGTH;
        try {
            setNonce(index, last);
            System.arraycopy(nonce, 0, counterBlock, 0, NONCE_LENGTH);
            counterBlock[15] = FIRST_DATA_COUNTER;
            ctr.init(Cipher.DECRYPT_MODE, fileKey, new IvParameterSpec(counterBlock));
            for (int at = 0, step = chunk(); at < plainLength; at += step, step = chunk()) {
                ctr.update(sealed, at, Math.min(step, plainLength - at), plain, at);
            }
            initGcmEncryption(index, last);
            int at = 0;
            for (int step = chunk(); plainLength - at > step; step = chunk()) {
                gcm.update(plain, at, step, scratch, 0);
                at += step;
            }
            int end = gcm.doFinal(plain, at, plainLength - at, scratch, 0);
            if (!MessageDigest.isEqual(
                    Arrays.copyOfRange(scratch, end - TAG_LENGTH, end),
                    Arrays.copyOfRange(sealed, plainLength, length))) {
                Arrays.fill(plain, 0, plainLength, (byte) 0);
                throw new AEADBadTagException("segment " + index + " failed authentication");
            }
            return plainLength;
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            Arrays.fill(plain, 0, plainLength, (byte) 0);
            throw new IllegalStateException("AES-GCM failed to decrypt a segment", e);
        } finally {
            Arrays.fill(scratch, (byte) 0);
        }
    }

    private static int chunk() {
        return WARM_UP_CALLS_LEFT.get() > 0 && WARM_UP_CALLS_LEFT.getAndDecrement() > 0 ? WARM_UP_CHUNK : CHUNK;
    }

    private void initGcmEncryption(long index, boolean last) throws GeneralSecurityException {
        setNonce(index, last);
        gcm.init(Cipher.ENCRYPT_MODE, fileKey, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        if (index == 0) {
            gcm.updateAAD(headerAad);
        }
    }

    private void setNonce(long index, boolean last) {
        if (index < 0 || index > MAX_SEGMENT_INDEX) {
            throw new IllegalArgumentException("segment index out of range: " + index);
        }
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
    }

    /**
     * Names the likely cause of a segment that failed authentication. Only on this failure path: a full segment
     * that would verify with the other last-flag means the file was cut at a segment boundary, or extended.
     * {@code plain} is scratch space and is zeroed.
     */
    static BackupAuthenticationException authenticationFailure(SegmentCipher cipher, long index, boolean last,
                                                               byte[] sealed, int sealedLength, int fullSealedLength,
                                                               byte[] plain) {
        String cause = null;
        if (sealedLength == fullSealedLength) {
            try {
                cipher.open(index, !last, sealed, sealedLength, plain);
                cause = last
                        ? "the backup is truncated: it ends after segment " + index + ", which is not its last segment"
                        : "the backup has extra data after its last segment (segment " + index + ")";
            } catch (AEADBadTagException other) {
                // Not a boundary problem: the general message below says what is known.
                cause = null;
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        if (cause == null) {
            cause = index == 0
                    ? "segment 0 failed authentication: wrong backup key, or the backup was modified"
                    : "segment " + index + " failed authentication: the backup was modified,"
                    + " truncated or reordered (or the key is wrong)";
        }
        return new BackupAuthenticationException(cause);
    }
}
