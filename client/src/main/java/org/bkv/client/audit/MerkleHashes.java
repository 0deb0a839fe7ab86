package org.bkv.client.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9162 §2.1.1 with SHA-256: leaf = H(0x00 ‖ entry), node = H(0x01 ‖ left ‖ right), empty tree = H(""). */
public final class MerkleHashes {

    /** Bytes in every tree hash. */
    public static final int BYTES = 32;

    private MerkleHashes() {
    }

    public static byte[] leaf(byte[] entry) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x00);
        sha256.update(entry);
        return sha256.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x01);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    public static byte[] emptyTree() {
        return sha256().digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
