package org.bkv.client.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM of whole segments by Bouncy Castle LTS's native code (AES-NI with VAES/VPCLMULQDQ, AVX-512 where the
 * CPU has it), which the {@code bkv} client ships. Measured against JDK 17's SunJCE: 2-3 times less CPU per GiB, and
 * at full speed from the first byte, where SunJCE runs at 40-110 MB/s until the JIT has compiled its callers
 * (docs/PERFORMANCE.md, "Backup file encryption"). The same bytes as SunJCE's GCM ({@code BackupFormatKnownAnswerTest}
 * checks both).
 *
 * <p>Used only where Bouncy Castle reports native AES-GCM loaded ({@link #available}): the SDK inside the appliance's
 * modules runs on the server's {@code bcprov-jdk18on}, which has no native code, and Bouncy Castle's Java GCM is
 * slower than SunJCE's. {@code -Dbkv.backup.nativeGcm=false} turns it off.
 */
public final class NativeGcm {

    /**
     * Whether this process has Bouncy Castle's native AES-GCM, and it is not turned off. Asking loads Bouncy Castle
     * (see {@link #chooseBeforeBouncyCastleLoads}, which does not).
     */
    static boolean available() {
        return Detected.AVAILABLE;
    }

    /** Initialised on first use only: merely touching {@link NativeGcm} must not load Bouncy Castle. */
    private static final class Detected {
        static final boolean AVAILABLE = !turnedOff() && detect();
    }

    /** Bouncy Castle's own switch: the variant "java" loads no native code. */
    static final String BC_VARIANT_PROPERTY = "org.bouncycastle.native.cpu_variant";

    private static final int TAG_BITS = SegmentCipher.TAG_LENGTH * 8;

    private final KeyParameter key;
    private final GCMModeCipher cipher;

    /** {@code keyBits} is copied; the caller zeroes its array. */
    NativeGcm(byte[] keyBits) {
        this.key = new KeyParameter(keyBits);
        this.cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    }

    /** Encrypts {@code plain[0, length)} into {@code sealed}; returns length + 16. */
    int seal(byte[] nonce, byte[] aad, byte[] plain, int length, byte[] sealed) {
        cipher.init(true, new AEADParameters(key, TAG_BITS, nonce, aad));
        int out = cipher.processBytes(plain, 0, length, sealed, 0);
        try {
            return out + cipher.doFinal(sealed, out);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt a segment", e);
        }
    }

    /**
     * Decrypts and verifies {@code sealed[0, length)} into {@code plain}; returns length - 16. When the tag does not
     * verify, {@code plain} is zeroed and nothing is returned.
     */
    int open(byte[] nonce, byte[] aad, byte[] sealed, int length, byte[] plain, long index) throws AEADBadTagException {
        cipher.init(false, new AEADParameters(key, TAG_BITS, nonce, aad));
        int out = 0;
        try {
            out = cipher.processBytes(sealed, 0, length, plain, 0);
            return out + cipher.doFinal(plain, out);
        } catch (InvalidCipherTextException e) {
            Arrays.fill(plain, 0, Math.max(0, length - SegmentCipher.TAG_LENGTH), (byte) 0);
            throw new AEADBadTagException("segment " + index + " failed authentication");
        }
    }

    private static boolean turnedOff() {
        return "false".equals(System.getProperty("bkv.backup.nativeGcm"));
    }

    /**
     * To be called before any Bouncy Castle class is initialised (first thing in the CLI's main; {@link #available} is
     * asked later). Bouncy Castle LTS unpacks its native library into {@code java.io.tmpdir} and loads it from there;
     * on a {@code noexec} mount the load fails and leaves every Bouncy Castle class unusable for the rest of the
     * process, hashes included (found by trying: "failed to map segment from shared object"). There, and when native
     * code is turned off, Bouncy Castle is told to stay in Java, unless the user set its variant himself.
     */
    public static void chooseBeforeBouncyCastleLoads() {
        if (System.getProperty(BC_VARIANT_PROPERTY) != null) {
            return;
        }
        if (turnedOff() || !mayExecuteFrom(Path.of(System.getProperty("java.io.tmpdir", "/tmp")))) {
            System.setProperty(BC_VARIANT_PROPERTY, "java");
        }
    }

    /** Whether files under {@code dir} may be mapped executable: false on a Linux mount with {@code noexec}. */
    static boolean mayExecuteFrom(Path dir) {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return true; // not Linux, where Bouncy Castle ships no native code anyway
        }
        try {
            return mayExecuteFrom(Files.readAllLines(mountinfo), dir.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell: Java is the safe choice (the bytes are the same, only slower)
        }
    }

    /**
     * From /proc/self/mountinfo's lines ({@code id parent dev root mount-point options ... - type source super-options}):
     * the options of the mount that holds {@code dir} (the longest mount point above it; the later of two on the same
     * point, which covers the earlier) do not include {@code noexec}.
     */
    static boolean mayExecuteFrom(List<String> mountinfo, Path dir) {
        String best = null;
        boolean exec = true;
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            String point = fields[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
            if (dir.startsWith(point) && (best == null || point.length() >= best.length())) {
                best = point;
                exec = !Arrays.asList(fields[5].split(",")).contains("noexec");
            }
        }
        return exec;
    }

    /**
     * Bouncy Castle LTS's {@code CryptoServicesRegistrar.getNativeServices().hasService("AES/GCM")}, asked by name: the
     * API is not in bcprov-jdk18on, which the SDK may run on.
     */
    private static boolean detect() {
        try {
            Class<?> registrar = Class.forName("org.bouncycastle.crypto.CryptoServicesRegistrar");
            Class<?> services = Class.forName("org.bouncycastle.crypto.NativeServices");
            Object native_ = registrar.getMethod("getNativeServices").invoke(null);
            return (Boolean) services.getMethod("hasService", String.class).invoke(native_, "AES/GCM");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false; // not Bouncy Castle LTS, or its native library did not load here: SunJCE
        }
    }
}
