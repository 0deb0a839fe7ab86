package org.bkv.ejb.audit.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: leaf = H(0x00 ‖ entry), node = H(0x01 ‖ left ‖ right), and the
 * root of the empty tree = H(""). The prefixes keep a leaf from ever passing for an inner node.
 */
public final class MerkleHash {

    /** Every hash in the tree is a SHA-256 output. */
    public static final int BYTES = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHash() {
    }

    /** The leaf hash of one entry: the exact bytes that were logged. */
    public static byte[] leaf(byte[] entry) {
        Objects.requireNonNull(entry, "entry");
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(entry);
        return sha256.digest();
    }

    /** The hash of an inner node from its two children. */
    public static byte[] node(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        MessageDigest sha256 = sha256();
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** MTH({}) = SHA-256 of the empty string. */
    public static byte[] emptyTree() {
        return sha256().digest();
    }

    static byte[] requireHash(byte[] hash, String what) {
        Objects.requireNonNull(hash, what);
        if (hash.length != BYTES) {
            throw new IllegalArgumentException(what + " must be " + BYTES + " bytes, got " + hash.length);
        }
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
