package org.bkv.ejb.domain.audit;

import java.util.List;

/**
 * RFC 9162 inclusion proof: the entry at {@code index} (its exact bytes and stored leaf hash) is leaf {@code index}
 * of the tree of {@code treeSize} leaves whose root the audit path leads to.
 */
public record InclusionProof(long index, long treeSize, byte[] entry, byte[] leafHash, List<byte[]> auditPath) {

    public InclusionProof {
        entry = entry.clone();
        leafHash = leafHash.clone();
        auditPath = auditPath.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }
}
