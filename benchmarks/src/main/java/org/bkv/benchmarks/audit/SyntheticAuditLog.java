package org.bkv.benchmarks.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.bkv.ejb.audit.tree.CanonicalEvent;
import org.bkv.ejb.audit.tree.MerkleHash;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.TreeFrontier;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.infrastructure.audit.JdbcAuditStore;

/**
 * The big audit log of the console benchmarks ({@link AuditBrowseLoad}, {@link AuditPageLoad}): appends sequenced
 * events through one batched INSERT path, as the sequencer leaves them — canonical entry, leaf index and leaf hash,
 * the subtree hashes that became complete, the new tree size — so an appliance started on the database afterwards
 * continues the tree and signs heads over it. Ten events a second; 8 event types (3 in 8 ATTEMPT_COUNTED, 1 in 200
 * RECOVERY_FAILED), one API actor in 250 addresses, one console actor ({@value #CONSOLE_ACTOR}) in 1,000 rows.
 */
final class SyntheticAuditLog {

    static final String CONSOLE_ACTOR = "officer.one";
    static final String NODE = "bkv-1";
    private static final int BATCH = 5_000;
    private static final AuditEventType[] TYPES = {AuditEventType.ATTEMPT_COUNTED, AuditEventType.ATTEMPT_COUNTED,
            AuditEventType.ATTEMPT_COUNTED, AuditEventType.FAKE_LOGIN_SERVED, AuditEventType.RECOVERY_SUCCEEDED,
            AuditEventType.REGISTRATION_STARTED, AuditEventType.RECORD_REGISTERED, AuditEventType.BACKUP_READ};
    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SyntheticAuditLog() {
    }

    /**
     * Appends {@code rows} events timed from {@code start} after the log's current size; commits every
     * {@value #BATCH} rows with the size it reached (an interrupted fill leaves a consistent, shorter log). Nothing else
     * may write the log meanwhile (the appliance is stopped). Returns the new tree size.
     */
    static long append(DataSource ds, long rows, Instant start) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long size = JdbcAuditStore.lockSequence(c, "benchmark-fill");
            TreeFrontier frontier = TreeFrontier.restore(size, MerkleTree.over(JdbcAuditStore.subtrees(c, size)).frontier(size));
            try (PreparedStatement event = c.prepareStatement("INSERT INTO audit_event (id, occurred_at, event_type, subject,"
                    + " actor, detail, actor_kind, node, outcome, leaf_index, entry, leaf_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement subtree = c.prepareStatement(JdbcAuditStore.INSERT_SUBTREE);
                 PreparedStatement newSize = c.prepareStatement(
                         "UPDATE audit_sequence SET tree_size = ?, sequenced_by = ?, sequenced_at = ? WHERE id = 1")) {
                for (long i = 0; i < rows; i++) {
                    AuditEventType type = i % 200 == 7 ? AuditEventType.RECOVERY_FAILED : TYPES[(int) (i % TYPES.length)];
                    boolean console = i % 1000 == 3;
                    String actor = console ? CONSOLE_ACTOR : "192.0.2." + (i % 250);
                    String kind = console ? "CONSOLE_USER" : "API_CLIENT";
                    String outcome = type.defaultOutcome().name();
                    String subject = console ? "" : String.format(Locale.ROOT, "%08x", (i * 2654435761L) & 0xffffffffL);
                    String detail = "attempt " + (i % 10) + " of 10";
                    Instant at = start.plusMillis(i * 100);
                    byte[] entry = entry(at, type.name(), kind, actor, outcome, subject, detail);
                    byte[] leafHash = MerkleHash.leaf(entry);
                    event.setString(1, UUID.randomUUID().toString());
                    event.setTimestamp(2, Timestamp.from(at));
                    event.setString(3, type.name());
                    event.setString(4, subject);
                    event.setString(5, actor);
                    event.setString(6, detail);
                    event.setString(7, kind);
                    event.setString(8, NODE);
                    event.setString(9, outcome);
                    event.setLong(10, frontier.size());
                    event.setBytes(11, entry);
                    event.setBytes(12, leafHash);
                    event.addBatch();
                    frontier.append(leafHash, JdbcAuditStore.queueSubtrees(subtree));
                    if (i % BATCH == BATCH - 1 || i == rows - 1) {
                        event.executeBatch();
                        subtree.executeBatch();
                        newSize.setLong(1, frontier.size());
                        newSize.setString(2, "benchmark-fill");
                        newSize.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                        newSize.executeUpdate();
                        c.commit();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute(c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")
                        ? "ANALYZE audit_event" : "ANALYZE");
            }
            c.commit();
            return frontier.size();
        }
    }

    /** The canonical entry as the appliance builds it (AuditEntries): empty subjects are left out. */
    private static byte[] entry(Instant at, String type, String kind, String actor, String outcome, String subject,
                                String detail) {
        Map<String, String> fields = new HashMap<>();
        fields.put(CanonicalEvent.TIME, RFC3339_MILLIS.format(at));
        fields.put(CanonicalEvent.NODE, NODE);
        fields.put(CanonicalEvent.TYPE, type);
        fields.put("actorKind", kind);
        fields.put(CanonicalEvent.ACTOR, actor);
        fields.put(CanonicalEvent.OUTCOME, outcome);
        fields.put(CanonicalEvent.DETAILS, detail);
        if (!subject.isEmpty()) {
            fields.put("subject", subject);
        }
        return CanonicalEvent.toEntry(fields);
    }
}
