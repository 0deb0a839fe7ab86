package org.bkv.ejb.audit.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9162 root hashes, inclusion proofs (§2.1.3.1) and consistency proofs (§2.1.4.1) for any tree size up
 * to the log's current size, read from {@link SubtreeHashes}. Every range the RFC recursion hashes starts
 * at a multiple of a power of two at least its length, so it is either one stored complete subtree or
 * splits into them: a proof costs O(log² n) subtree reads and no leaf scan.
 */
public final class MerkleTree {

    private final SubtreeHashes subtrees;

    private MerkleTree(SubtreeHashes subtrees) {
        this.subtrees = Objects.requireNonNull(subtrees, "subtrees");
    }

    public static MerkleTree over(SubtreeHashes subtrees) {
        return new MerkleTree(subtrees);
    }

    public static MerkleTree over(LeafHashes leaves) {
        return new MerkleTree(SubtreeHashes.computedFrom(leaves));
    }

    /** MTH(D[size]) of the first {@code size} leaves; the empty tree's hash for 0. */
    public byte[] rootHash(long size) {
        requireSize(size);
        return size == 0 ? MerkleHash.emptyTree() : rangeHash(0, size);
    }

    /**
     * PATH(index, D[size]): the audit path proving leaf {@code index} is in the tree of {@code size}
     * leaves, from the leaf's sibling up to the root's child.
     */
    public List<byte[]> inclusionProof(long index, long size) {
        requireSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>(64);
        path(index, 0, size, path);
        return path;
    }

    /**
     * PROOF(first, D[second]): the consistency proof that the tree of {@code first} leaves is a prefix of
     * the tree of {@code second} leaves; empty when the sizes are equal. 0 < first ≤ second.
     */
    public List<byte[]> consistencyProof(long first, long second) {
        requireSize(second);
        if (first <= 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to size " + second);
        }
        List<byte[]> proof = new ArrayList<>(64);
        if (first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    /** The frontier of the tree of {@code size} leaves: what an export starting at index {@code size} carries. */
    public List<byte[]> frontier(long size) {
        requireSize(size);
        List<byte[]> hashes = new ArrayList<>(Long.bitCount(size));
        long start = 0;
        for (int level = Long.SIZE - 2; level >= 0; level--) {
            if ((size >>> level & 1) != 0) {
                hashes.add(subtrees.subtreeHash(level, start >>> level));
                start += 1L << level;
            }
        }
        return hashes;
    }

    // PATH(m, D[lo:hi]) of RFC 9162 §2.1.3.1, with m absolute.
    private void path(long m, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m - lo < k) {
            path(m, lo, lo + k, out);
            out.add(rangeHash(lo + k, hi));
        } else {
            path(m, lo + k, hi, out);
            out.add(rangeHash(lo, lo + k));
        }
    }

    // SUBPROOF(m, D[lo:hi], b) of RFC 9162 §2.1.4.1, with m relative to lo.
    private void subproof(long m, long lo, long hi, boolean startFromOldRoot, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!startFromOldRoot) {
                out.add(rangeHash(lo, hi));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, lo, lo + k, startFromOldRoot, out);
            out.add(rangeHash(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(rangeHash(lo, lo + k));
        }
    }

    /** MTH(D[lo:hi]) for a range starting at a multiple of a power of two ≥ its length (all the RFC uses). */
    private byte[] rangeHash(long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return subtrees.subtreeHash(level, lo >>> level);
        }
        long k = largestPowerOfTwoBelow(n);
        return MerkleHash.node(rangeHash(lo, lo + k), rangeHash(lo + k, hi));
    }

    /** The k of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private void requireSize(long size) {
        if (size < 0 || size > subtrees.size()) {
            throw new IllegalArgumentException("tree size " + size + " is not between 0 and the log's size "
                    + subtrees.size());
        }
    }
}
