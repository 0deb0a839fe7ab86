package org.bkv.ejb.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The right frontier of an append-only Merkle tree (a "compact range" from 0): one hash per set bit of
 * the size, each the root of a complete subtree, largest first. That is all the sequencer needs to append
 * leaves and compute MTH of the current size without reading old leaves: O(log n) memory and, on average,
 * two hashes per append. It is also what an export starting at index n carries as its prefix.
 *
 * <p>Not thread-safe: the sequencer owns one.
 */
public final class TreeFrontier {

    /** Told of each subtree hash the moment it becomes complete, so a store can keep it. */
    @FunctionalInterface
    public interface CompletedSubtrees {
        /** Subtree at {@code level}, position {@code index} (see {@link SubtreeHashes}) is now complete. */
        void completed(int level, long index, byte[] hash);
    }

    /** byLevel[l] is the complete subtree of 2^l leaves when bit l of size is set, else null. */
    private final byte[][] byLevel = new byte[Long.SIZE][];
    private long size;

    private TreeFrontier() {
    }

    /** The frontier of the empty tree. */
    public static TreeFrontier empty() {
        return new TreeFrontier();
    }

    /**
     * Restores a frontier saved with {@link #hashes()} (e.g. next to the last tree head), or received as an
     * export prefix: exactly {@code Long.bitCount(size)} hashes, largest subtree first.
     */
    public static TreeFrontier restore(long size, List<byte[]> hashes) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of size " + size + " has " + Long.bitCount(size)
                    + " frontier hashes, got " + hashes.size());
        }
        TreeFrontier frontier = new TreeFrontier();
        int next = 0;
        for (int level = Long.SIZE - 2; level >= 0; level--) {
            if ((size >>> level & 1) != 0) {
                frontier.byLevel[level] = MerkleHash.requireHash(hashes.get(next++), "frontier hash").clone();
            }
        }
        frontier.size = size;
        return frontier;
    }

    /** Appends one leaf hash. */
    public void append(byte[] leafHash) {
        append(leafHash, (level, index, hash) -> { });
    }

    /**
     * Appends one leaf hash and reports to {@code completed} the leaf itself (level 0) and every subtree
     * that this leaf completes, lowest level first.
     */
    public void append(byte[] leafHash, CompletedSubtrees completed) {
        MerkleHash.requireHash(leafHash, "leaf hash");
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full");
        }
        long newSize = size + 1;
        byte[] carry = leafHash.clone();
        int level = 0;
        completed.completed(0, size, carry.clone());
        while ((size >>> level & 1) != 0) {
            carry = MerkleHash.node(byLevel[level], carry);
            byLevel[level] = null;
            level++;
            completed.completed(level, (newSize >>> level) - 1, carry.clone());
        }
        byLevel[level] = carry;
        size = newSize;
    }

    /** Number of leaves appended (or restored). */
    public long size() {
        return size;
    }

    /** MTH of the tree: the frontier folded from the smallest subtree up (RFC 9162 §2.1.1). */
    public byte[] rootHash() {
        byte[] root = null;
        for (int level = 0; level < Long.SIZE; level++) {
            if (byLevel[level] != null) {
                root = root == null ? byLevel[level] : MerkleHash.node(byLevel[level], root);
            }
        }
        return root == null ? MerkleHash.emptyTree() : root.clone();
    }

    /** The frontier hashes, largest (leftmost) subtree first; {@link #restore} takes them back. */
    public List<byte[]> hashes() {
        List<byte[]> hashes = new ArrayList<>(Long.bitCount(size));
        for (int level = Long.SIZE - 1; level >= 0; level--) {
            if (byLevel[level] != null) {
                hashes.add(byLevel[level].clone());
            }
        }
        return hashes;
    }

    /** An independent copy, e.g. to compute a candidate root without committing the appends. */
    public TreeFrontier copy() {
        return restore(size, hashes());
    }
}
