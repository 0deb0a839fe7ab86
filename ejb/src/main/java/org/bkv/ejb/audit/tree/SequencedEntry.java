package org.bkv.ejb.audit.tree;

import java.util.Arrays;
import java.util.Objects;

/** One logged entry as the store holds it: its leaf index, its canonical bytes, the leaf hash computed when it was sequenced. */
public record SequencedEntry(long index, byte[] entry, byte[] leafHash) {

    public SequencedEntry {
        if (index < 0) {
            throw new IllegalArgumentException("leaf index must not be negative: " + index);
        }
        entry = Objects.requireNonNull(entry, "entry").clone();
        leafHash = MerkleHash.requireHash(leafHash, "leaf hash").clone();
    }

    /** An entry being sequenced now: its leaf hash is computed from its bytes. */
    public static SequencedEntry of(long index, byte[] entry) {
        return new SequencedEntry(index, entry, MerkleHash.leaf(entry));
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequencedEntry e && index == e.index && Arrays.equals(entry, e.entry)
                && Arrays.equals(leafHash, e.leafHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(entry);
    }

    @Override
    public String toString() {
        return "SequencedEntry[index=" + index + ", " + entry.length + " bytes]";
    }
}
