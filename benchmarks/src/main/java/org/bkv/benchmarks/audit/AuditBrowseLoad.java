package org.bkv.benchmarks.audit;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditFilter;
import org.bkv.ejb.domain.audit.AuditRow;
import org.bkv.ejb.infrastructure.audit.JdbcAuditBrowse;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The console audit page's reads over a big log (docs/PERFORMANCE.md, "Console"): fills {@code audit_event} with
 * {@code rows} sequenced events ({@link SyntheticAuditLog}: the real columns, canonical entries, leaf and subtree
 * hashes), then times what the page asks per
 * request (the lazy table's count, then one page of 25) with the production {@link JdbcAuditBrowse}: first load, a
 * keyset page flip, a deep offset jump, and the filters. Database reads only: no Faces rendering, no network.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.bkv.benchmarks.audit.AuditBrowseLoad [rows=1000000] [jdbc-url (default: H2 file in /tmp)]
 * </pre>
 */
public final class AuditBrowseLoad {

    private static final int PAGE = 25;

    private AuditBrowseLoad() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        DataSource ds;
        if (args.length > 1 && args[1].startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setUrl(args[1]);
            pg.setUser("postgres");
            ds = pg;
        } else {
            JdbcDataSource h2 = new JdbcDataSource();
            // H2 would hand back the previous result of an identical query unchanged since: off, or repeats measure nothing
            h2.setURL(args.length > 1 ? args[1] : "jdbc:h2:file:" + Files.createTempDirectory("bkv-browse").resolve("bkv")
                    + ";OPTIMIZE_REUSE_RESULTS=FALSE");
            h2.setUser("bkv");
            h2.setPassword("bkv");
            ds = h2;
        }
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        Instant start = Instant.now().minusSeconds(rows / 10);
        long t0 = System.nanoTime();
        long existing;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT tree_size FROM audit_sequence")) {
            rs.next();
            existing = rs.getLong(1);
        }
        if (existing == 0) {
            SyntheticAuditLog.append(ds, rows, start);
            System.out.printf(Locale.ROOT, "inserted %,d sequenced events in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        } else {
            rows = existing;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT MIN(occurred_at) FROM audit_event")) {
                rs.next();
                start = rs.getTimestamp(1).toInstant();
            }
            System.out.printf(Locale.ROOT, "reusing %,d events already in the database%n", rows);
        }

        Instant dayFrom = start.plusSeconds(rows / 20);
        AuditFilter none = AuditFilter.NONE;
        AuditFilter rareType = new AuditFilter(Optional.empty(), Optional.empty(), Optional.of(AuditEventType.RECOVERY_FAILED),
                Optional.empty(), Optional.empty());
        AuditFilter commonType = new AuditFilter(Optional.empty(), Optional.empty(), Optional.of(AuditEventType.ATTEMPT_COUNTED),
                Optional.empty(), Optional.empty());
        AuditFilter actor = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("officer.one"),
                Optional.empty());
        AuditFilter hour = new AuditFilter(Optional.of(dayFrom), Optional.of(dayFrom.plusSeconds(3600)), Optional.empty(),
                Optional.empty(), Optional.empty());
        try (Connection c = ds.getConnection()) {
            for (String[] label : new String[][] {{"no filter", "none"}, {"type RECOVERY_FAILED (1 in 200)", "rare"},
                    {"type ATTEMPT_COUNTED (3 in 8)", "common"}, {"actor officer.one (1 in 1000)", "actor"},
                    {"time range of one hour", "hour"}}) {
                AuditFilter f = switch (label[1]) {
                    case "none" -> none;
                    case "rare" -> rareType;
                    case "common" -> commonType;
                    case "actor" -> actor;
                    default -> hour;
                };
                measure(c, label[0], f);
            }
        }
    }

    /** First load (count + page 1), page flip (count + keyset page 2), jump (count + OFFSET page in the middle): median of 5. */
    private static void measure(Connection c, String label, AuditFilter f) throws SQLException {
        double[] first = new double[5];
        double[] flip = new double[5];
        double[] jump = new double[5];
        long count = 0;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            count = JdbcAuditBrowse.count(c, f);
            List<AuditRow> page1 = JdbcAuditBrowse.page(c, f, OptionalLong.empty(), 0, PAGE);
            first[i] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            JdbcAuditBrowse.count(c, f);
            JdbcAuditBrowse.page(c, f, OptionalLong.of(page1.get(page1.size() - 1).leafIndex()), 0, PAGE);
            flip[i] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            JdbcAuditBrowse.count(c, f);
            JdbcAuditBrowse.page(c, f, OptionalLong.empty(), count / 2, PAGE);
            jump[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf(Locale.ROOT, "%-36s %,9d matches  first load %8.1f ms (cold %8.1f)  page flip %7.1f ms (cold %7.1f)"
                + "  jump to middle %8.1f ms%n", label, count, median(first), first[0], median(flip), flip[0], median(jump));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
