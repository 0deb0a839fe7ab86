package org.bkv.client.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bkv.client.key.BackupKey;
import org.junit.jupiter.api.Test;

/**
 * How much the JDK cipher is fed per call (small pieces while the JIT warms up, larger ones after) never shows in
 * the bytes, and the warm-up on a throwaway key ends by itself; Bouncy Castle's native AES-GCM, which the client uses
 * where it is loaded, seals and opens exactly as the JDK's does.
 */
class SegmentCipherTest {
    private static final int[] STEPS = {16, SegmentCipher.WARM_UP_CHUNK, SegmentCipher.CHUNK};
    private final BackupKey key = BackupKey.generate();
    private final BackupHeader header = BackupHeader.create(BackupCipher.DEFAULT_SEGMENT_SIZE, new SecureRandom());

    @Test
    void everyPieceSizeSealsTheSameBytes() {
        int chunk = SegmentCipher.CHUNK;
        for (int length : new int[] {0, 1, 15, 16, 255, 256, 257, chunk - 1, chunk, chunk + 1, 5 * chunk + 100}) {
            byte[] plain = Backups.randomBytes(length, length);
            for (long index : new long[] {0, 1, 77}) {
                for (boolean last : new boolean[] {false, true}) {
                    byte[] reference = seal(index, last, plain, STEPS[0]);
                    for (int step : STEPS) {
                        assertThat(seal(index, last, plain, step))
                                .as("%d bytes, segment %d, last %b, %d-byte pieces", length, index, last, step)
                                .isEqualTo(reference);
                    }
                }
            }
        }
    }

    @Test
    void everyPieceSizeOpensWhatAnotherSealed() throws AEADBadTagException {
        byte[] plain = Backups.randomBytes(3 * SegmentCipher.CHUNK + 40, 3);
        byte[] sealed = seal(4, true, plain, SegmentCipher.WARM_UP_CHUNK);
        for (int step : STEPS) {
            byte[] opened = new byte[plain.length];
            int length = new SegmentCipher(key, header, false).open(4, true, sealed, sealed.length, opened, step);
            assertThat(length).isEqualTo(plain.length);
            assertThat(opened).as("%d-byte pieces", step).isEqualTo(plain);
        }
    }

    @Test
    void aFlippedTagIsRefusedAndLeavesNoPlaintextWhateverThePieceSize() {
        byte[] plain = Backups.randomBytes(2 * SegmentCipher.CHUNK, 4);
        byte[] sealed = seal(1, false, plain, SegmentCipher.CHUNK);
        sealed[sealed.length - 1] ^= 1;
        for (int step : STEPS) {
            byte[] opened = new byte[plain.length];
            assertThatThrownBy(() -> new SegmentCipher(key, header, false).open(1, false, sealed, sealed.length, opened, step))
                    .isInstanceOf(AEADBadTagException.class);
            assertThat(opened).as("%d-byte pieces", step).containsOnly(0);
        }
    }

    @Test
    void warmUpEndsByItselfAndLeavesTheCipherCorrect() throws AEADBadTagException {
        for (boolean opening : new boolean[] {false, true}) {
            SegmentCipher.forgetFullSpeed();
            long start = System.nanoTime();
            SegmentCipher.warmUp(opening, 300);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }

        byte[] plain = Backups.randomBytes(BackupCipher.DEFAULT_SEGMENT_SIZE, 5);
        SegmentCipher cipher = new SegmentCipher(key, header, false);
        byte[] sealed = new byte[plain.length + SegmentCipher.TAG_LENGTH];
        int sealedLength = cipher.seal(0, true, plain, plain.length, sealed);
        assertThat(sealed).isEqualTo(seal(0, true, plain, STEPS[0]));
        byte[] opened = new byte[plain.length];
        assertThat(new SegmentCipher(key, header, false).open(0, true, sealed, sealedLength, opened)).isEqualTo(plain.length);
        assertThat(opened).isEqualTo(plain);
    }

    @Test
    void theClientHasNativeAesGcmWhereBouncyCastleShipsItAndTheJdksElsewhere() {
        if (bouncyCastleShipsNativeCodeHere()) {
            assertThat(NativeGcm.available()).as("native AES-GCM loaded (bcprov-lts8on, multi-release jar)").isTrue();
            assertThat(new SegmentCipher(key, header)).extracting("nativeGcm").isNotNull();
        } else {
            assertThat(new SegmentCipher(key, header)).extracting("nativeGcm").isNull();
        }
    }

    /** Bouncy Castle LTS ships native AES-GCM for Linux on x86-64 and arm64 (the machines this suite runs on). */
    private static boolean bouncyCastleShipsNativeCodeHere() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").equals("Linux") && (arch.equals("amd64") || arch.equals("aarch64"));
    }

    @Test
    void nativeGcmSealsAndOpensExactlyAsTheJdksDoes() throws AEADBadTagException {
        assertThat(NativeGcm.available()).as("native AES-GCM in this process (a failure, not a skip)").isTrue();
        int chunk = SegmentCipher.CHUNK;
        for (int length : new int[] {0, 1, 15, 16, 17, 255, 4096, chunk + 1, BackupCipher.DEFAULT_SEGMENT_SIZE}) {
            byte[] plain = Backups.randomBytes(length, length + 7);
            for (long index : new long[] {0, 1, SegmentCipher.MAX_SEGMENT_INDEX}) {
                for (boolean last : new boolean[] {false, true}) {
                    byte[] jdk = seal(index, last, plain, SegmentCipher.CHUNK);
                    byte[] sealed = new byte[plain.length + SegmentCipher.TAG_LENGTH];
                    int sealedLength = new SegmentCipher(key, header, true).seal(index, last, plain, plain.length, sealed);
                    assertThat(Arrays.copyOf(sealed, sealedLength)).as("%d bytes, segment %d, last %b", length, index, last)
                            .isEqualTo(jdk);
                    byte[] opened = new byte[plain.length];
                    assertThat(new SegmentCipher(key, header, true).open(index, last, jdk, jdk.length, opened)).isEqualTo(length);
                    assertThat(opened).isEqualTo(plain);
                }
            }
        }
    }

    @Test
    void nativeGcmRefusesWhatDoesNotVerifyAndLeavesNoPlaintext() {
        assertThat(NativeGcm.available()).as("native AES-GCM in this process (a failure, not a skip)").isTrue();
        byte[] plain = Backups.randomBytes(2 * SegmentCipher.CHUNK, 9);
        byte[] sealed = seal(3, false, plain, SegmentCipher.CHUNK);
        for (int flip : new int[] {0, plain.length / 2, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[flip] ^= 1;
            byte[] opened = new byte[plain.length];
            assertThatThrownBy(() -> new SegmentCipher(key, header, true).open(3, false, tampered, tampered.length, opened))
                    .isInstanceOf(AEADBadTagException.class).hasMessage("segment 3 failed authentication");
            assertThat(opened).as("flipped byte %d", flip).containsOnly(0);
        }
        byte[] opened = new byte[plain.length];
        assertThatThrownBy(() -> new SegmentCipher(key, header, true).open(3, true, sealed, sealed.length, opened))
                .as("the other last flag").isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> new SegmentCipher(key, header, true).open(4, false, sealed, sealed.length, opened))
                .as("another index").isInstanceOf(AEADBadTagException.class);
    }

    private byte[] seal(long index, boolean last, byte[] plain, int step) {
        byte[] sealed = new byte[plain.length + SegmentCipher.TAG_LENGTH];
        int length = new SegmentCipher(key, header, false).seal(index, last, plain, plain.length, sealed, step);
        return Arrays.copyOf(sealed, length);
    }
}
