package org.bkv.ejb.audit.tree;

/** The leaf hashes of a log, by index: what a store that keeps nothing else can offer. */
public interface LeafHashes {

    /** Number of leaves. */
    long size();

    /** The leaf hash at {@code index}, 0 ≤ index < size(). */
    byte[] leafHash(long index);
}
