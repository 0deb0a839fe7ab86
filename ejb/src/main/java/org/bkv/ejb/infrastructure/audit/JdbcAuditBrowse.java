package org.bkv.ejb.infrastructure.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bkv.ejb.domain.audit.AuditFilter;
import org.bkv.ejb.domain.audit.AuditRow;

/**
 * The console's reads of {@code audit_event}: sequenced events, newest (largest leaf index) first, filtered, a page at
 * a time. Pages are keyset reads ({@code leaf_index < before}) when the caller knows where the previous page ended and
 * OFFSET reads otherwise; every filter has an index (V2 {@code audit_event_time}, V8 {@code audit_event_browse_*}, descending),
 * so no page reads the whole table. Unsequenced events (a fraction of a second old) are not listed yet.
 */
public final class JdbcAuditBrowse {

    private static final String COLUMNS = "leaf_index, occurred_at, event_type, actor_kind, actor, outcome, node, subject, detail";

    private JdbcAuditBrowse() {
    }

    /** Up to {@code limit} rows below {@code before} (if given), after skipping {@code offset} of them. */
    public static List<AuditRow> page(Connection c, AuditFilter filter, OptionalLong before, long offset, int limit)
            throws SQLException {
        Where where = where(filter, before);
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_event" + where.sql
                + orderBy(filter) + " LIMIT ? OFFSET ?")) {
            int i = where.bind(s);
            s.setInt(i++, limit);
            s.setLong(i, offset);
            List<AuditRow> rows = new ArrayList<>(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AuditRow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Optional.ofNullable(rs.getString(8)).orElse(""),
                            rs.getString(9)));
                }
            }
            return rows;
        }
    }

    /** How many sequenced events match; without a filter, the tree size (one row read). */
    public static long count(Connection c, AuditFilter filter) throws SQLException {
        if (filter.isEmpty()) {
            return JdbcAuditStore.treeSize(c);
        }
        Where where = where(filter, OptionalLong.empty());
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event" + where.sql)) {
            where.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The smallest and largest leaf index inside the filter's time range (other filters ignored: a signed export is a
     * contiguous range of the log), or empty when the range holds no sequenced event.
     */
    public static Optional<long[]> leafRange(Connection c, AuditFilter filter) throws SQLException {
        AuditFilter timeOnly = new AuditFilter(filter.from(), filter.to(), Optional.empty(), Optional.empty(), Optional.empty());
        Where where = where(timeOnly, OptionalLong.empty());
        try (PreparedStatement s = c.prepareStatement("SELECT MIN(leaf_index), MAX(leaf_index) FROM audit_event" + where.sql)) {
            where.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(new long[] {min, rs.getLong(2)});
            }
        }
    }

    /**
     * Newest first. With an equality filter the filtered column leads the ORDER BY: it is constant in the result, so
     * the order is the same, but it matches the V6 index (column, leaf_index) and H2 then reads the index backwards
     * and stops after the page instead of sorting every match (PostgreSQL does either way).
     */
    private static String orderBy(AuditFilter f) {
        if (f.type().isPresent()) {
            return " ORDER BY event_type DESC, leaf_index DESC";
        }
        if (f.actor().isPresent()) {
            return " ORDER BY actor DESC, leaf_index DESC";
        }
        if (f.outcome().isPresent()) {
            return " ORDER BY outcome DESC, leaf_index DESC";
        }
        return " ORDER BY leaf_index DESC";
    }

    private static Where where(AuditFilter f, OptionalLong before) {
        StringBuilder sql = new StringBuilder(" WHERE leaf_index IS NOT NULL");
        List<Object> values = new ArrayList<>();
        if (before.isPresent()) {
            sql.append(" AND leaf_index < ?");
            values.add(before.getAsLong());
        }
        f.from().ifPresent(t -> { sql.append(" AND occurred_at >= ?"); values.add(Timestamp.from(t)); });
        f.to().ifPresent(t -> { sql.append(" AND occurred_at < ?"); values.add(Timestamp.from(t)); });
        f.type().ifPresent(t -> { sql.append(" AND event_type = ?"); values.add(t.name()); });
        f.actor().ifPresent(a -> { sql.append(" AND actor = ?"); values.add(a); });
        f.outcome().ifPresent(o -> { sql.append(" AND outcome = ?"); values.add(o.name()); });
        return new Where(sql.toString(), values);
    }

    private record Where(String sql, List<Object> values) {
        int bind(PreparedStatement s) throws SQLException {
            int i = 1;
            for (Object v : values) {
                s.setObject(i++, v);
            }
            return i;
        }
    }
}
