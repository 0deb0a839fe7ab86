package org.bkv.ejb.infrastructure.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.bkv.ejb.audit.tree.MerkleHash;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.SequencedEntry;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.audit.tree.SubtreeHashes;
import org.bkv.ejb.audit.tree.TreeFrontier;
import org.bkv.ejb.audit.tree.TreeHead;

/**
 * The audit log's tables (V3__audit_log.sql) in plain JDBC on a connection the caller owns and commits: the
 * sequencer's step, tree heads, and the reads behind proofs and exports. No state of its own: every method reads
 * what it needs, so any node can run any of them and a restarted node simply continues.
 *
 * <p>Correct with several nodes on one database because {@link #sequencePending} first takes the row lock of the
 * single {@code audit_sequence} row and holds it to commit: sequencers run one at a time, each sees the size its
 * predecessor committed, and indexes stay dense (see docs/AUDIT.md §6).
 */
public final class JdbcAuditStore {
    /** The statement {@link #queueSubtrees} fills. */
    public static final String INSERT_SUBTREE = "INSERT INTO audit_subtree (tree_level, tree_index, hash) VALUES (?, ?, ?)";

    /** Rows per page when streaming entries and heads (never a whole export in memory). */
    static final int PAGE = 1_000;

    /** What one sequencer step did: the tree grew from {@code fromSize} to {@code toSize}. */
    public record Sequenced(long fromSize, long toSize) {
        public long count() {
            return toSize - fromSize;
        }
    }

    private JdbcAuditStore() {
    }

    // ---- sequencing -----------------------------------------------------------------------------------------------

    /** Whether committed events wait for an index (a cheap read without any lock: idle ticks stay idle). */
    public static boolean hasPending(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM audit_event WHERE leaf_index IS NULL FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Takes the sequencer lock (the {@code audit_sequence} row, held until the caller commits or rolls back), then
     * appends up to {@code max} committed events without an index, oldest first: assigns the next dense indexes,
     * stores each leaf hash (and the entry of events written before V3), every subtree hash that became complete,
     * and the new size. Nothing is half done: the caller commits all of it or none.
     */
    public static Sequenced sequencePending(Connection c, String node, int max) throws SQLException {
        long size = consistentSize(c, lockSequence(c, node));
        List<Pending> pending = pending(c, max);
        if (pending.isEmpty()) {
            return new Sequenced(size, size);
        }
        TreeFrontier frontier = TreeFrontier.restore(size, MerkleTree.over(subtrees(c, size)).frontier(size));
        try (PreparedStatement leaf = c.prepareStatement("UPDATE audit_event SET leaf_index = ?, entry = ?, leaf_hash = ?"
                + " WHERE id = ? AND leaf_index IS NULL");
             PreparedStatement subtree = c.prepareStatement(INSERT_SUBTREE)) {
            for (Pending event : pending) {
                long index = frontier.size();
                byte[] leafHash = MerkleHash.leaf(event.entry);
                leaf.setLong(1, index);
                leaf.setBytes(2, event.entry);
                leaf.setBytes(3, leafHash);
                leaf.setString(4, event.id);
                leaf.addBatch();
                frontier.append(leafHash, queueSubtrees(subtree));
            }
            for (int updated : leaf.executeBatch()) {
                if (updated != 1 && updated != java.sql.Statement.SUCCESS_NO_INFO) {
                    throw new SQLException("an audit event was sequenced by someone else while this sequencer held the"
                            + " lock: refusing to continue");
                }
            }
            subtree.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE audit_sequence SET tree_size = ?, sequenced_by = ?, sequenced_at = ? WHERE id = 1 AND tree_size = ?")) {
            s.setLong(1, frontier.size());
            s.setString(2, node);
            s.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            s.setLong(4, size);
            if (s.executeUpdate() != 1) {
                throw new SQLException("audit_sequence changed under the sequencer lock");
            }
        }
        return new Sequenced(size, frontier.size());
    }

    /**
     * Under the sequencer lock: the size the stored leaves really support. After a crash the store has been seen
     * (H2 files, process killed mid-commit) to keep the new {@code tree_size} of a sequencing transaction but not all
     * of its leaf indexes. Leaves are the truth: the dense prefix of sequenced events is kept, anything sequenced
     * after a gap goes back to pending (to be sequenced again, in order) and the counter is set back — unless a
     * signed head covers what is missing, which is lost audit data and is refused loudly.
     */
    static long consistentSize(Connection c, long storedSize) throws SQLException {
        // Fast path (every batch): the last 10,000 indexes (a batch is at most 1,000) are all there, and none beyond.
        long from = Math.max(0, storedSize - 10_000);
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE leaf_index >= ?")) {
            s.setLong(1, from);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(1) == storedSize - from) {
                    return storedSize;
                }
            }
        }
        long count = longValue(c, "SELECT COUNT(*) FROM audit_event WHERE leaf_index IS NOT NULL");
        long dense = count == 0 ? 0 : (longValue(c, "SELECT MAX(leaf_index) FROM audit_event") + 1 == count ? count
                : longValue(c, "SELECT COALESCE(MIN(e.leaf_index) + 1, 0) FROM audit_event e WHERE e.leaf_index IS NOT NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM audit_event f WHERE f.leaf_index = e.leaf_index + 1)"));
        if (count > 0 && longValue(c, "SELECT COUNT(*) FROM audit_event WHERE leaf_index = 0") == 0) {
            dense = 0;
        }
        if (dense == storedSize && dense == count) {
            return storedSize;
        }
        long signed = longValue(c, "SELECT COALESCE(MAX(tree_size), 0) FROM audit_tree_head");
        if (signed > dense) {
            throw new AuditStoreException("the audit store lost sequenced events below the signed size " + signed
                    + " (only " + dense + " are present): committed audit data is missing");
        }
        try (PreparedStatement unsequence = c.prepareStatement(
                "UPDATE audit_event SET leaf_index = NULL, leaf_hash = NULL WHERE leaf_index >= ?")) {
            unsequence.setLong(1, dense);
            unsequence.executeUpdate();
        }
        try (PreparedStatement drop = c.prepareStatement("DELETE FROM audit_subtree WHERE tree_level = ? AND tree_index >= ?")) {
            for (int level = 1; level < 63; level++) {
                drop.setInt(1, level);
                drop.setLong(2, dense >> level);
                drop.addBatch();
            }
            drop.executeBatch();
        }
        try (PreparedStatement reset = c.prepareStatement("UPDATE audit_sequence SET tree_size = ? WHERE id = 1")) {
            reset.setLong(1, dense);
            reset.executeUpdate();
        }
        java.util.logging.Logger.getLogger(JdbcAuditStore.class.getName()).warning("audit store recovered after a crash:"
                + " tree size " + storedSize + " stored, " + count + " sequenced events, dense prefix " + dense
                + "; the rest is sequenced again");
        return dense;
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** Row-locks audit_sequence (waits for another node's sequencer to commit) and returns the size then. */
    public static long lockSequence(Connection c, String node) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("UPDATE audit_sequence SET sequenced_by = sequenced_by WHERE id = 1")) {
            if (lock.executeUpdate() != 1) {
                throw new SQLException("audit_sequence has no row: the V3 migration did not run");
            }
        }
        return treeSize(c);
    }

    /** Number of sequenced events: the next leaf index. */
    public static long treeSize(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT tree_size FROM audit_sequence WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_sequence has no row: the V3 migration did not run");
            }
            return rs.getLong(1);
        }
    }

    private record Pending(String id, byte[] entry) {
    }

    private static List<Pending> pending(Connection c, int max) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, entry, occurred_at, node, event_type, actor_kind, actor,"
                + " outcome, subject, detail FROM audit_event WHERE leaf_index IS NULL ORDER BY occurred_at, id"
                + " FETCH FIRST " + max + " ROWS ONLY")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byte[] entry = rs.getBytes(2);
                    if (entry == null) { // written by the interim log of V2: its canonical form is built now, once
                        entry = AuditEntries.entry(rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), Optional.ofNullable(rs.getString(9)),
                                rs.getString(10));
                    }
                    pending.add(new Pending(rs.getString(1), entry));
                }
            }
        }
        return pending;
    }

    // ---- tree heads -----------------------------------------------------------------------------------------------

    /** The signed head of the largest size, if any head was ever signed. */
    public static Optional<SignedTreeHead> latestHead(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT tree_size, root_hash, timestamp_millis, signature"
                + " FROM audit_tree_head ORDER BY tree_size DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(head(rs)) : Optional.empty();
        }
    }

    /** The signed head of the largest size not above {@code size}. */
    public static Optional<SignedTreeHead> latestHeadAtMost(Connection c, long size) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT tree_size, root_hash, timestamp_millis, signature"
                + " FROM audit_tree_head WHERE tree_size <= ? ORDER BY tree_size DESC FETCH FIRST 1 ROWS ONLY")) {
            s.setLong(1, size);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(head(rs)) : Optional.empty();
            }
        }
    }

    /** The signed head of exactly this size, if one was signed. */
    public static Optional<SignedTreeHead> headOfSize(Connection c, long size) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT tree_size, root_hash, timestamp_millis, signature"
                + " FROM audit_tree_head WHERE tree_size = ?")) {
            s.setLong(1, size);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(head(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Stores a signed head. Call it holding the sequencer lock ({@link #lockSequence}) after checking
     * {@link #headOfSize}: heads are then stored one node at a time, and the primary key refuses a second head of
     * the same size whatever happens.
     */
    public static void storeHead(Connection c, SignedTreeHead signed, String node) throws SQLException {
        TreeHead head = signed.head();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_tree_head (tree_size, root_hash, timestamp_millis,"
                + " signature, signed_by) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, head.size());
            s.setBytes(2, head.rootHash());
            s.setLong(3, head.timestampMillis());
            s.setBytes(4, signed.signature());
            s.setString(5, node);
            s.executeUpdate();
        }
    }

    /** Signed heads with {@code from ≤ size ≤ to}, ascending, read a page at a time. */
    public static Iterator<SignedTreeHead> heads(Connection c, long from, long to) {
        return new Paged<>(from, to) {
            @Override
            List<SignedTreeHead> page(long after, long last) throws SQLException {
                List<SignedTreeHead> heads = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT tree_size, root_hash, timestamp_millis, signature"
                        + " FROM audit_tree_head WHERE tree_size >= ? AND tree_size <= ? ORDER BY tree_size"
                        + " FETCH FIRST " + PAGE + " ROWS ONLY")) {
                    s.setLong(1, after);
                    s.setLong(2, last);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            heads.add(head(rs));
                        }
                    }
                }
                return heads;
            }

            @Override
            long positionAfter(SignedTreeHead head) {
                return head.head().size() + 1;
            }
        };
    }

    private static SignedTreeHead head(ResultSet rs) throws SQLException {
        return new SignedTreeHead(new TreeHead(rs.getLong(1), rs.getBytes(2), rs.getLong(3)), rs.getBytes(4));
    }

    // ---- leaves and subtrees --------------------------------------------------------------------------------------

    /**
     * The sequenced entries {@code [from, to)} in index order, a page at a time. A missing index (a row deleted
     * behind the appliance's back) ends the iteration with an {@link AuditStoreException} naming it.
     */
    public static Iterator<SequencedEntry> entries(Connection c, long from, long to) {
        Paged<SequencedEntry> rows = new Paged<>(from, to - 1) {
            @Override
            List<SequencedEntry> page(long first, long last) throws SQLException {
                List<SequencedEntry> entries = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT leaf_index, entry, leaf_hash FROM audit_event"
                        + " WHERE leaf_index >= ? AND leaf_index <= ? ORDER BY leaf_index FETCH FIRST " + PAGE + " ROWS ONLY")) {
                    s.setLong(1, first);
                    s.setLong(2, last);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            entries.add(new SequencedEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                        }
                    }
                }
                return entries;
            }

            @Override
            long positionAfter(SequencedEntry entry) {
                return entry.index() + 1;
            }
        };
        return new Iterator<>() {
            private long expected = from;

            @Override
            public boolean hasNext() {
                return expected < to;
            }

            @Override
            public SequencedEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (!rows.hasNext()) {
                    throw new AuditStoreException("audit event with leaf index " + expected + " is missing from the store");
                }
                SequencedEntry entry = rows.next();
                if (entry.index() != expected) {
                    throw new AuditStoreException("audit event with leaf index " + expected + " is missing from the store");
                }
                expected++;
                return entry;
            }
        };
    }

    /** The entry at {@code index}, if sequenced. */
    public static Optional<SequencedEntry> entry(Connection c, long index) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT leaf_index, entry, leaf_hash FROM audit_event WHERE leaf_index = ?")) {
            s.setLong(1, index);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new SequencedEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Queues every completed subtree above the leaves as a batch row of {@code subtree} (a statement of
     * {@link #INSERT_SUBTREE}); the caller executes the batch.
     */
    public static TreeFrontier.CompletedSubtrees queueSubtrees(PreparedStatement subtree) {
        return (level, position, hash) -> {
            if (level > 0) {
                try {
                    subtree.setInt(1, level);
                    subtree.setLong(2, position);
                    subtree.setBytes(3, hash);
                    subtree.addBatch();
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot queue subtree hash (" + level + ", " + position + ")", e);
                }
            }
        };
    }

    /**
     * The stored subtree hashes of a tree of {@code size} leaves: level 0 from {@code audit_event.leaf_hash}, higher
     * levels from {@code audit_subtree}. One indexed read per hash; a proof reads O(log² n) of them.
     */
    public static SubtreeHashes subtrees(Connection c, long size) {
        return new SubtreeHashes() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public byte[] subtreeHash(int level, long index) {
                try {
                    if (level == 0) {
                        return one("SELECT leaf_hash FROM audit_event WHERE leaf_index = ?", index, 0, index);
                    }
                    try (PreparedStatement s = c.prepareStatement(
                            "SELECT hash FROM audit_subtree WHERE tree_level = ? AND tree_index = ?")) {
                        s.setInt(1, level);
                        s.setLong(2, index);
                        try (ResultSet rs = s.executeQuery()) {
                            if (rs.next()) {
                                return rs.getBytes(1);
                            }
                        }
                    }
                    // A cached inner hash lost in a crash: it is a function of its two halves, down to the leaves.
                    return MerkleHash.node(subtreeHash(level - 1, 2 * index), subtreeHash(level - 1, 2 * index + 1));
                } catch (SQLException e) {
                    throw new AuditStoreException("cannot read subtree hash (" + level + ", " + index + ")", e);
                }
            }

            private byte[] one(String sql, long key, int level, long index) throws SQLException {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setLong(1, key);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw new AuditStoreException("subtree hash (" + level + ", " + index + ") is missing from the store");
                        }
                        return rs.getBytes(1);
                    }
                }
            }
        };
    }

    /** Iterates rows with a numeric position in [first, last], one query per {@link #PAGE} rows. */
    private abstract static class Paged<T> implements Iterator<T> {
        private long next;
        private final long last;
        private Iterator<T> page = java.util.Collections.emptyIterator();
        private boolean exhausted;

        Paged(long first, long last) {
            this.next = first;
            this.last = last;
        }

        abstract List<T> page(long first, long last) throws SQLException;

        abstract long positionAfter(T item);

        @Override
        public boolean hasNext() {
            if (page.hasNext()) {
                return true;
            }
            if (exhausted || next > last) {
                return false;
            }
            try {
                List<T> rows = page(next, last);
                exhausted = rows.size() < PAGE;
                page = rows.iterator();
                return page.hasNext();
            } catch (SQLException e) {
                throw new AuditStoreException("cannot read the audit log", e);
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T item = page.next();
            next = positionAfter(item);
            return item;
        }
    }
}
