package org.bkv.ejb.audit.tree;

/**
 * Hashes of complete, aligned subtrees: level {@code l}, position {@code i} is MTH of leaves
 * [i·2^l, (i+1)·2^l). Level 0 are the leaf hashes. These nodes never change once the log has grown past
 * them, so a store can write each one once, when it completes (see {@link TreeFrontier#append}), and a
 * proof over millions of leaves then reads O(log² n) of them instead of hashing every leaf.
 */
public interface SubtreeHashes {

    /** Number of leaves. */
    long size();

    /**
     * MTH of leaves [index·2^level, (index+1)·2^level); the range lies within {@link #size()}.
     * Implementations may throw for a range they do not hold.
     */
    byte[] subtreeHash(int level, long index);

    /**
     * Subtree hashes computed on demand from leaf hashes alone: O(2^level) hashing per call. Right for
     * small logs and tests; a large store should keep the completed subtree hashes instead.
     */
    static SubtreeHashes computedFrom(LeafHashes leaves) {
        return new SubtreeHashes() {
            @Override
            public long size() {
                return leaves.size();
            }

            @Override
            public byte[] subtreeHash(int level, long index) {
                if (level == 0) {
                    return leaves.leafHash(index);
                }
                return MerkleHash.node(subtreeHash(level - 1, 2 * index), subtreeHash(level - 1, 2 * index + 1));
            }
        };
    }
}
