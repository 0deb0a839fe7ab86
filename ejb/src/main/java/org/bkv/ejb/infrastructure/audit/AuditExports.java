package org.bkv.ejb.infrastructure.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Optional;
import org.bkv.ejb.audit.tree.ExportWriter;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.SequencedEntry;
import org.bkv.ejb.audit.tree.SignedTreeHead;

/**
 * Writes an export ({@code bkv-audit-export-v1}, docs/AUDIT.md §4) of the stored log with {@link ExportWriter}:
 * header and prefix (from stored subtree hashes), events and heads read a page at a time and interleaved as the
 * format says, and the latest head with its consistency proof when the range's last events are covered only by
 * it (the latest head within the stored tree). Memory: one page of rows, whatever the range.
 */
public final class AuditExports {

    private AuditExports() {
    }

    /** Export of [from, to), 0 ≤ from ≤ to ≤ {@link JdbcAuditStore#treeSize}. The caller closes {@code out}. */
    public static void write(Connection c, long from, long to, OutputStream out) throws SQLException, IOException {
        long size = JdbcAuditStore.treeSize(c);
        if (from < 0 || to < from || to > size) {
            throw new IllegalArgumentException("export range [" + from + ", " + to + ") is not within the log's "
                    + size + " events");
        }
        MerkleTree tree = MerkleTree.over(JdbcAuditStore.subtrees(c, size));
        ExportWriter writer = ExportWriter.begin(out, from, to, tree.frontier(from));
        Iterator<SequencedEntry> entries = JdbcAuditStore.entries(c, from, to);
        Iterator<SignedTreeHead> heads = JdbcAuditStore.heads(c, from, to);
        SignedTreeHead head = heads.hasNext() ? heads.next() : null;
        long lastHeadSize = -1;
        for (long index = from; ; index++) {
            while (head != null && head.head().size() == index) {
                writer.treeHead(head);
                lastHeadSize = index;
                head = heads.hasNext() ? heads.next() : null;
            }
            if (index == to) {
                break;
            }
            SequencedEntry entry = entries.next();
            writer.event(entry.index(), entry.entry(), entry.leafHash());
        }
        if (to > 0 && lastHeadSize < to) {
            Optional<SignedTreeHead> later = JdbcAuditStore.latestHeadAtMost(c, size)
                    .filter(h -> h.head().size() > to);
            if (later.isPresent()) {
                writer.laterTreeHead(later.get(), tree.consistencyProof(to, later.get().head().size()));
            }
        }
        writer.finish();
    }
}
