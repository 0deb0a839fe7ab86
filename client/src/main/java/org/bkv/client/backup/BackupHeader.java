package org.bkv.client.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The 52-byte header of a {@code bkv-backup-v1} file: magic "BKV-BKUP" (8) ‖ version 0x01 (1) ‖
 * plaintext segment size, big-endian (4) ‖ salt (32) ‖ nonce prefix (7). All of it is the
 * associated data of segment 0, so any change to it fails authentication.
 */
final class BackupHeader {

    static final byte[] MAGIC = "BKV-BKUP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SALT_LENGTH = 32;
    static final int NONCE_PREFIX_LENGTH = 7;
    static final int LENGTH = MAGIC.length + 1 + 4 + SALT_LENGTH + NONCE_PREFIX_LENGTH;

    private final int segmentSize;
    private final byte[] encoded;

    private BackupHeader(int segmentSize, byte[] encoded) {
        this.segmentSize = segmentSize;
        this.encoded = encoded;
    }

    /** A header for a new file: fresh salt and nonce prefix from {@code random}. */
    static BackupHeader create(int segmentSize, SecureRandom random) {
        checkSegmentSize(segmentSize);
        byte[] salt = new byte[SALT_LENGTH];
        byte[] prefix = new byte[NONCE_PREFIX_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(prefix);
        byte[] encoded = ByteBuffer.allocate(LENGTH)
                .put(MAGIC).put((byte) VERSION).putInt(segmentSize).put(salt).put(prefix)
                .array();
        return new BackupHeader(segmentSize, encoded);
    }

    /** Reads and checks a header; authenticity is checked later, with segment 0. */
    static BackupHeader read(InputStream in) throws IOException {
        byte[] encoded = in.readNBytes(LENGTH);
        if (encoded.length == 0) {
            throw new BackupFormatException("the backup is empty (0 bytes)");
        }
        int magicSeen = Math.min(encoded.length, MAGIC.length);
        if (!Arrays.equals(encoded, 0, magicSeen, MAGIC, 0, magicSeen)) {
            throw new BackupFormatException("not a BKV backup: the data does not start with the "
                    + "bkv-backup-v1 magic \"BKV-BKUP\"");
        }
        if (encoded.length < LENGTH) {
            throw new BackupFormatException("the backup is truncated: it ends inside its "
                    + LENGTH + "-byte header (" + encoded.length + " bytes)");
        }
        int version = encoded[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new BackupFormatException("unsupported backup format version " + version
                    + " (this client reads version " + VERSION + ")");
        }
        int segmentSize = ByteBuffer.wrap(encoded, MAGIC.length + 1, 4).getInt();
        if (segmentSize < BackupCipher.MIN_SEGMENT_SIZE || segmentSize > BackupCipher.MAX_SEGMENT_SIZE) {
            throw new BackupFormatException("invalid segment size " + Integer.toUnsignedString(segmentSize)
                    + " in the backup header (allowed " + BackupCipher.MIN_SEGMENT_SIZE + ".."
                    + BackupCipher.MAX_SEGMENT_SIZE + ")");
        }
        return new BackupHeader(segmentSize, encoded);
    }

    static void checkSegmentSize(int segmentSize) {
        if (segmentSize < BackupCipher.MIN_SEGMENT_SIZE || segmentSize > BackupCipher.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be " + BackupCipher.MIN_SEGMENT_SIZE
                    + ".." + BackupCipher.MAX_SEGMENT_SIZE + " bytes; got " + segmentSize);
        }
    }

    int segmentSize() {
        return segmentSize;
    }

    byte[] salt() {
        return Arrays.copyOfRange(encoded, LENGTH - NONCE_PREFIX_LENGTH - SALT_LENGTH, LENGTH - NONCE_PREFIX_LENGTH);
    }

    byte[] noncePrefix() {
        return Arrays.copyOfRange(encoded, LENGTH - NONCE_PREFIX_LENGTH, LENGTH);
    }

    /** The header bytes as written, which are also segment 0's associated data. */
    byte[] encoded() {
        return encoded.clone();
    }
}
