package org.bkv.client.backup;

import org.bkv.client.key.BackupKey;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/** Helpers for the backup tests: small segments keep files small and tests fast. */
final class Backups {

    static final int SEGMENT = BackupCipher.MIN_SEGMENT_SIZE;
    static final int SEALED_SEGMENT = SEGMENT + SegmentCipher.TAG_LENGTH;
    static final int HEADER = BackupHeader.LENGTH;

    private Backups() {
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] encrypt(BackupKey key, byte[] plaintext) {
        return encrypt(new BackupCipher(SEGMENT), key, plaintext);
    }

    static byte[] encrypt(BackupCipher cipher, BackupKey key, byte[] plaintext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            cipher.encrypt(key, new ByteArrayInputStream(plaintext), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] decrypt(BackupKey key, byte[] backup) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BackupCipher(SEGMENT).decrypt(key, new ByteArrayInputStream(backup), out);
        return out.toByteArray();
    }

    /** Start offset of sealed segment {@code index} in a file with {@link #SEGMENT}-byte segments. */
    static int segmentOffset(int index) {
        return HEADER + index * SEALED_SEGMENT;
    }
}
