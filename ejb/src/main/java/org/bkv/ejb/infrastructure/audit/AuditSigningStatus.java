package org.bkv.ejb.infrastructure.audit;

import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.audit.tree.TreeHead;

/**
 * The sequencer's view after its last tick: how many events are in the tree, the newest signed head, and, when tree
 * heads are not being signed (HSM unavailable), why and since when. Events keep failing closed as before: only the
 * heads are missing, and that must be visible.
 */
public record AuditSigningStatus(long treeSize, Optional<TreeHead> lastSigned, Optional<String> problem,
                                 Optional<Instant> problemSince) {

    /** Events in the tree that no signed head covers yet. */
    public long unsigned() {
        return treeSize - lastSigned.map(TreeHead::size).orElse(0L);
    }
}
