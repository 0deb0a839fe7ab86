package org.bkv.client.audit;

import java.util.List;

/**
 * An append-only Merkle tree kept as its right frontier: one complete-subtree hash per set bit of the size.
 * The verifier appends every exported entry and reads the root at each tree head in O(log n) memory.
 */
public final class CompactTree {

    private final byte[][] byLevel = new byte[Long.SIZE][];
    private long size;

    /** The empty tree. */
    public CompactTree() {
    }

    /**
     * The tree of {@code size} leaves given its frontier, largest subtree first (an export's prefix).
     * @throws IllegalArgumentException if there are not exactly bitCount(size) hashes of 32 bytes
     */
    public CompactTree(long size, List<byte[]> frontier) {
        if (size < 0 || frontier.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " entries has " + Long.bitCount(Math.max(size, 0))
                    + " prefix hashes, the export gives " + frontier.size());
        }
        int next = 0;
        for (int level = Long.SIZE - 2; level >= 0; level--) {
            if ((size >>> level & 1) != 0) {
                byte[] hash = frontier.get(next++);
                if (hash.length != MerkleHashes.BYTES) {
                    throw new IllegalArgumentException("a prefix hash is " + hash.length + " bytes, not 32");
                }
                byLevel[level] = hash.clone();
            }
        }
        this.size = size;
    }

    public void append(byte[] leafHash) {
        byte[] carry = leafHash;
        int level = 0;
        while ((size >>> level & 1) != 0) {
            carry = MerkleHashes.node(byLevel[level], carry);
            byLevel[level] = null;
            level++;
        }
        byLevel[level] = carry;
        size++;
    }

    public long size() {
        return size;
    }

    /** MTH of the current tree. */
    public byte[] rootHash() {
        byte[] root = null;
        for (byte[] subtree : byLevel) {
            if (subtree != null) {
                root = root == null ? subtree : MerkleHashes.node(subtree, root);
            }
        }
        return root == null ? MerkleHashes.emptyTree() : root.clone();
    }
}
