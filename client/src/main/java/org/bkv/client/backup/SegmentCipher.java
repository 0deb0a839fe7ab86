package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-256-GCM over one file's segments. File key = HKDF-SHA256(backupKey, header salt,
 * "BKV backup v1"); nonce of segment i = prefix (7) ‖ i as 4 bytes big-endian ‖ 0x01 if last else
 * 0x00; associated data = the header for segment 0, empty for the others.
 *
 * <p>Where Bouncy Castle LTS's native AES-GCM is loaded (the {@code bkv} client on x86-64 and arm64 Linux), each
 * segment is one call into it ({@link NativeGcm}). Elsewhere (the SDK inside the appliance's modules, other platforms)
 * SunJCE's, as follows.
 *
 * <p>Why the JDK cipher is fed in pieces, and why {@link #open} is CTR plus a recomputed tag rather than GCM
 * decryption: on JDK 17, SunJCE's GCM reaches its AES-NI/CLMUL intrinsics only once its inner methods
 * ({@code GHASH.update}, {@code GCTR.update}) are C2-compiled, which takes thousands of calls; until then it runs at
 * 40-110 MB/s. So the cipher is fed {@value #WARM_UP_CHUNK}-byte pieces (many calls per megabyte) until a segment
 * has been sealed (or opened) at intrinsic speed in this JVM, then {@value #CHUNK}-byte pieces. {@link #warmUp} does
 * the first part on a throwaway key, for a process that knows a large file is coming. GCM decryption cannot be fed
 * in pieces (SunJCE buffers the whole input until {@code doFinal}), and one call per segment is not compiled in time,
 * so {@code open} decrypts with AES-CTR from GCM's first data counter, then GCM-encrypts the recovered plaintext
 * under the same nonce and AAD, which yields the same ciphertext and the tag GCM decryption would compute, and
 * compares the tags in constant time. The plaintext stays in the caller's private buffer until it verified.
 */
final class SegmentCipher {

    static final String FILE_KEY_INFO = "BKV backup v1";
    static final int TAG_LENGTH = 16;
    /** Segment indices are 4-byte unsigned counters. */
    static final long MAX_SEGMENT_INDEX = 0xFFFF_FFFFL;
    /**
     * Bytes per call into the JDK cipher at full speed; like {@link #WARM_UP_CHUNK}, a multiple of the AES block.
     * 4, 16 and 64 KiB measured the same in the two-core pipeline (≈ 0.22 s of worker CPU per GiB), 256 KiB worse.
     */
    static final int CHUNK = 16 << 10;
    /** Bytes per call until then: many calls per megabyte get the cipher's inner methods compiled sooner. */
    static final int WARM_UP_CHUNK = 256;
    /**
     * A segment sealed (or opened) at least this fast ran on the intrinsics: the JDK's Java code for GHASH manages
     * ~40 MB/s in C1 and ~110 MB/s in C2 here, its Java AES-CTR ~370 MB/s; the intrinsics seal 3.5 GB/s and open
     * 1.5 GB/s even in 256-byte pieces. Preemption only makes a segment look slower.
     */
    private static final long FULL_SPEED_BYTES_PER_SECOND = 800_000_000L;
    /** Whether {@link #seal}, and {@link #open}, have run at full speed in this JVM: then {@link #CHUNK} pieces. */
    private static volatile boolean sealingAtFullSpeed;
    private static volatile boolean openingAtFullSpeed;

    /** {@link #warmUp}: pieces of its unmeasured segments; every so many rounds a measured segment of this size. */
    private static final int TINY_CHUNK = 16;
    private static final int PROBE_EVERY = 128;
    private static final int PROBE_SEGMENT = 32 << 10;
    private static final int NONCE_LENGTH = 12;
    /** GCM encrypts data from counter inc32(J0) = nonce ‖ 00000002. */
    private static final int FIRST_DATA_COUNTER = 2;

    private final SecretKeySpec fileKey;
    private final byte[] headerAad;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private final byte[] counterBlock = new byte[16];
    private final byte[] scratch;
    private final Cipher gcm;
    private final Cipher ctr;
    /** Bouncy Castle's native AES-GCM where the process has it ({@link NativeGcm}); otherwise SunJCE's, below. */
    private final NativeGcm nativeGcm;

    SegmentCipher(BackupKey backupKey, BackupHeader header) {
        this(backupKey, header, NativeGcm.available());
    }

    /** With {@code useNative}, Bouncy Castle's native AES-GCM (which must be {@link NativeGcm#available}). */
    SegmentCipher(BackupKey backupKey, BackupHeader header, boolean useNative) {
        // A segment of at most 64 MiB is 2^22 blocks: GCM's 32-bit counter and JDK CTR's 128-bit
        // counter cannot diverge (no carry out of the low 32 bits).
        if (header.segmentSize() > BackupCipher.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment too large");
        }
        if (useNative && !NativeGcm.available()) {
            throw new IllegalStateException("native AES-GCM is not available in this process");
        }
        byte[] keyBits = backupKey.derive(header.salt(), FILE_KEY_INFO, 32);
        try {
            if (useNative) {
                this.nativeGcm = new NativeGcm(keyBits);
                this.fileKey = null;
                this.gcm = null;
                this.ctr = null;
                this.scratch = null;
            } else {
                this.nativeGcm = null;
                // SecretKeySpec copies the bits and cannot be zeroed; it lives as long as this file's stream.
                this.fileKey = new SecretKeySpec(keyBits, "AES");
                this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
                this.ctr = Cipher.getInstance("AES/CTR/NoPadding");
                this.scratch = new byte[CHUNK + TAG_LENGTH];
            }
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
        return seal(index, last, plain, length, sealed, sealingAtFullSpeed ? CHUNK : WARM_UP_CHUNK);
    }

    /**
     * {@link #seal}, SunJCE's cipher fed {@code step} bytes a call (a multiple of 16); the bytes do not depend on it.
     * The native cipher takes the segment in one call.
     */
    int seal(long index, boolean last, byte[] plain, int length, byte[] sealed, int step) {
        if (nativeGcm != null) {
            setNonce(index, last);
            return nativeGcm.seal(nonce, index == 0 ? headerAad : null, plain, length, sealed);
        }
        long start = System.nanoTime();
        try {
            initGcmEncryption(index, last);
            int in = 0;
            int out = 0;
            for (; length - in > step; in += step) {
                out += gcm.update(plain, in, step, sealed, out);
            }
            out += gcm.doFinal(plain, in, length - in, sealed, out);
            if (!sealingAtFullSpeed && step == WARM_UP_CHUNK && ranAtFullSpeed(start, length)) {
                sealingAtFullSpeed = true;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt a segment", e);
        }
    }

    /**
     * Decrypts and verifies {@code sealed[0, length)} into {@code plain}; returns the plaintext
     * length. When the tag does not verify, {@code plain} is zeroed and nothing is returned.
     */
    int open(long index, boolean last, byte[] sealed, int length, byte[] plain) throws AEADBadTagException {
        return open(index, last, sealed, length, plain, openingAtFullSpeed ? CHUNK : WARM_UP_CHUNK);
    }

    /** {@link #open} with SunJCE's cipher fed {@code step} bytes a call, at most {@link #CHUNK}. */
    int open(long index, boolean last, byte[] sealed, int length, byte[] plain, int step) throws AEADBadTagException {
        if (nativeGcm != null) {
            setNonce(index, last);
            return nativeGcm.open(nonce, index == 0 ? headerAad : null, sealed, length, plain, index);
        }
        long start = System.nanoTime();
        int plainLength = length - TAG_LENGTH;
        int end = 0;
        try {
            setNonce(index, last);
            System.arraycopy(nonce, 0, counterBlock, 0, NONCE_LENGTH);
            counterBlock[15] = FIRST_DATA_COUNTER;
            ctr.init(Cipher.DECRYPT_MODE, fileKey, new IvParameterSpec(counterBlock));
            for (int at = 0; at < plainLength; at += step) {
                ctr.update(sealed, at, Math.min(step, plainLength - at), plain, at);
            }
            initGcmEncryption(index, last);
            int at = 0;
            for (; plainLength - at > step; at += step) {
                gcm.update(plain, at, step, scratch, 0);
            }
            end = gcm.doFinal(plain, at, plainLength - at, scratch, 0);
            if (!tagsEqual(scratch, end - TAG_LENGTH, sealed, plainLength)) {
                Arrays.fill(plain, 0, plainLength, (byte) 0);
                throw new AEADBadTagException("segment " + index + " failed authentication");
            }
            if (!openingAtFullSpeed && step == WARM_UP_CHUNK && ranAtFullSpeed(start, plainLength)) {
                openingAtFullSpeed = true;
            }
            return plainLength;
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            Arrays.fill(plain, 0, plainLength, (byte) 0);
            Arrays.fill(scratch, (byte) 0);
            throw new IllegalStateException("AES-GCM failed to decrypt a segment", e);
        } finally {
            // The rest of scratch is the segment's ciphertext again; the tag computed here is the secret part.
            Arrays.fill(scratch, Math.max(0, end - TAG_LENGTH), end, (byte) 0);
        }
    }

    /** Constant time: every byte is compared, whatever the first difference. */
    private static boolean tagsEqual(byte[] a, int aOffset, byte[] b, int bOffset) {
        int difference = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            difference |= a[aOffset + i] ^ b[bOffset + i];
        }
        return difference == 0;
    }

    /** Whether {@code length} bytes since {@code start} (System.nanoTime) were processed on the intrinsics. */
    private static boolean ranAtFullSpeed(long start, int length) {
        long nanos = System.nanoTime() - start;
        return length >= WARM_UP_CHUNK * 8 && nanos * FULL_SPEED_BYTES_PER_SECOND < length * 1_000_000_000L;
    }

    /**
     * Runs {@link #seal} (with {@code opening}, also {@link #open}) on a throwaway key until a segment went at full
     * speed, or {@code limitMillis} passed: a JVM about to encrypt a large file gets the JIT's work done before the
     * data arrives. Most rounds feed the cipher 16 bytes a call, which counts as much for the JIT as 256 bytes at a
     * fraction of the cost; every 128th handles a 32 KiB segment the normal way, which tells whether the intrinsics
     * are in.
     */
    static void warmUp(boolean opening, long limitMillis) {
        if (NativeGcm.available()) {
            return; // native code runs at full speed from the first byte
        }
        long deadline = System.nanoTime() + limitMillis * 1_000_000L;
        BackupKey key = BackupKey.generate();
        BackupHeader header = BackupHeader.create(BackupCipher.MIN_SEGMENT_SIZE, new SecureRandom());
        SegmentCipher sealer = new SegmentCipher(key, header);
        // A second instance opens: SunJCE refuses to GCM-encrypt twice in a row under one key and nonce.
        SegmentCipher opener = opening ? new SegmentCipher(key, header) : null;
        key.destroy();
        byte[] plain = new byte[PROBE_SEGMENT];
        byte[] sealed = new byte[PROBE_SEGMENT + TAG_LENGTH];
        for (long round = 0; System.nanoTime() < deadline; round++) {
            if (opening ? openingAtFullSpeed : sealingAtFullSpeed) {
                return;
            }
            long index = round & 7; // segment 0, with the header as associated data, now and then as in a file
            boolean probe = round % PROBE_EVERY == PROBE_EVERY - 1;
            int length = probe ? PROBE_SEGMENT : WARM_UP_CHUNK;
            int step = probe ? WARM_UP_CHUNK : TINY_CHUNK;
            int sealedLength = sealer.seal(index, false, plain, length, sealed, step);
            if (opener != null) {
                try {
                    opener.open(index, false, sealed, sealedLength, plain, step);
                } catch (AEADBadTagException e) {
                    throw new IllegalStateException("a warm-up segment failed to verify", e);
                }
            }
        }
    }

    /** For tests: back to the small pieces of a fresh JVM. */
    static void forgetFullSpeed() {
        sealingAtFullSpeed = false;
        openingAtFullSpeed = false;
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
