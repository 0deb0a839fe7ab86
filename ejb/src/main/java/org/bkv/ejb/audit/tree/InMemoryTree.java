package org.bkv.ejb.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only tree that keeps every completed subtree hash in memory (about 2n hashes, 64 MiB per
 * million leaves), the reference for what a persistent store keeps: one row per (level, index), written
 * once as {@link TreeFrontier} reports it complete. Proofs and roots come from {@link #proofs()}.
 *
 * <p>Not thread-safe.
 */
public final class InMemoryTree implements SubtreeHashes, LeafHashes {

    /** Hashes per chunk: 1024 × 32 bytes = 32 KiB arrays, no object per hash. */
    private static final int CHUNK_HASHES = 1024;

    private final TreeFrontier frontier = TreeFrontier.empty();
    private final List<HashColumn> levels = new ArrayList<>();

    /** Appends one entry's leaf hash; returns its index. */
    public long append(byte[] leafHash) {
        long index = frontier.size();
        frontier.append(leafHash, this::keep);
        return index;
    }

    @Override
    public long size() {
        return frontier.size();
    }

    @Override
    public byte[] leafHash(long index) {
        return subtreeHash(0, index);
    }

    @Override
    public byte[] subtreeHash(int level, long index) {
        if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
            throw new IllegalArgumentException("no complete subtree at level " + level + ", index " + index
                    + " in a tree of size " + size());
        }
        return levels.get(level).get(index);
    }

    /** MTH of the whole tree, from the frontier. */
    public byte[] rootHash() {
        return frontier.rootHash();
    }

    /** The current frontier (a copy). */
    public TreeFrontier frontier() {
        return frontier.copy();
    }

    /** Roots and proofs for any size up to the current one. */
    public MerkleTree proofs() {
        return MerkleTree.over((SubtreeHashes) this);
    }

    private void keep(int level, long index, byte[] hash) {
        if (level == levels.size()) {
            levels.add(new HashColumn());
        }
        HashColumn column = levels.get(level);
        if (index != column.size()) {
            throw new IllegalStateException("subtree (" + level + ", " + index + ") completed out of order");
        }
        column.add(hash);
    }

    /** An append-only list of 32-byte hashes in fixed-size chunks. */
    private static final class HashColumn {
        private final List<byte[]> chunks = new ArrayList<>();
        private long size;

        long size() {
            return size;
        }

        void add(byte[] hash) {
            int offset = (int) (size % CHUNK_HASHES) * MerkleHash.BYTES;
            if (offset == 0) {
                chunks.add(new byte[CHUNK_HASHES * MerkleHash.BYTES]);
            }
            System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), offset, MerkleHash.BYTES);
            size++;
        }

        byte[] get(long index) {
            byte[] chunk = chunks.get((int) (index / CHUNK_HASHES));
            int offset = (int) (index % CHUNK_HASHES) * MerkleHash.BYTES;
            byte[] hash = new byte[MerkleHash.BYTES];
            System.arraycopy(chunk, offset, hash, 0, MerkleHash.BYTES);
            return hash;
        }
    }
}
