package org.bkv.ejb.audit.tree;

import org.bkv.opaque.Base64Url;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tree head: the log had {@code size} entries, their Merkle tree hash was {@code rootHash}, at
 * {@code timestampMillis} (Unix epoch milliseconds, UTC). What {@code bkv-audit} signs is
 * {@link #signedBytes()}.
 */
public record TreeHead(long size, byte[] rootHash, long timestampMillis) {

    /** Domain separation: no other bkv-audit signature (e.g. a ceremony transcript) starts with these bytes. */
    static final byte[] SIGNED_PREFIX = "BKV-STH-v1\0".getBytes(StandardCharsets.US_ASCII);

    /** 11-byte prefix, uint64 size, 32-byte root, int64 timestamp. */
    public static final int SIGNED_BYTES_LENGTH = SIGNED_PREFIX.length + Long.BYTES + MerkleHash.BYTES + Long.BYTES;

    public TreeHead {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative: " + size);
        }
        rootHash = MerkleHash.requireHash(rootHash, "root hash").clone();
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestamp must not be before 1970: " + timestampMillis);
        }
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /**
     * The bytes signed (ECDSA P-256 over their SHA-256), fixed length 59:
     * ASCII "BKV-STH-v1", 0x00, size as big-endian uint64, the 32-byte root hash, timestamp as big-endian int64.
     */
    public byte[] signedBytes() {
        return ByteBuffer.allocate(SIGNED_BYTES_LENGTH)
                .put(SIGNED_PREFIX)
                .putLong(size)
                .put(rootHash)
                .putLong(timestampMillis)
                .array();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeHead head && size == head.size && timestampMillis == head.timestampMillis
                && Arrays.equals(rootHash, head.rootHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(rootHash) + Long.hashCode(timestampMillis) * 17;
    }

    @Override
    public String toString() {
        return "TreeHead[size=" + size + ", rootHash=" + Base64Url.encode(rootHash)
                + ", timestampMillis=" + timestampMillis + "]";
    }
}
