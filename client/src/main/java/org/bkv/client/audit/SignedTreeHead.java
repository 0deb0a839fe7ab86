package org.bkv.client.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A tree head read from an export: the log had {@code size} entries with Merkle root {@code rootHash} at
 * {@code timestampMillis}, signed by {@code bkv-audit} over {@link #signedBytes()}.
 */
public record SignedTreeHead(long size, byte[] rootHash, long timestampMillis, byte[] signature) {

    private static final byte[] PREFIX = "BKV-STH-v1\0".getBytes(StandardCharsets.US_ASCII);

    public SignedTreeHead {
        rootHash = rootHash.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** "BKV-STH-v1", 0x00, uint64 size, 32-byte root, int64 timestamp (milliseconds), all big-endian: 59 bytes. */
    public byte[] signedBytes() {
        return ByteBuffer.allocate(PREFIX.length + Long.BYTES + MerkleHashes.BYTES + Long.BYTES)
                .put(PREFIX).putLong(size).put(rootHash).putLong(timestampMillis).array();
    }

    public boolean isSignedBy(AuditPublicKey key) {
        return key.verifies(signedBytes(), signature);
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTreeHead head && size == head.size && timestampMillis == head.timestampMillis
                && Arrays.equals(rootHash, head.rootHash) && Arrays.equals(signature, head.signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "tree head of size " + size + " signed " + timestamp();
    }
}
