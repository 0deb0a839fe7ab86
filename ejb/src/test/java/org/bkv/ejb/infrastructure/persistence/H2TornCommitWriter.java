package org.bkv.ejb.infrastructure.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The writer JVM of {@link H2AtomicCommitsCrashIT}: four threads commit transactions that insert rows into a table with
 * two secondary indexes and add the number of rows to a counter row, most of them a few rows, one in fifty 400 rows
 * (enough unsaved pages for H2 to write a chunk from inside the commit itself). Commits go through
 * {@link H2AtomicCommitDataSource} or, with {@code raw}, through H2's own data source. Runs until killed; writes
 * {@code started} to the work directory once the first commits are in.
 *
 * <p>Arguments: H2 URL, {@code guarded} or {@code raw}, work directory.
 */
public final class H2TornCommitWriter {

    /** {@code -DsmallOnly=true}: no 400-row transactions (the commit-rate figure of docs/PERFORMANCE.md). */
    private static final boolean BIG = !Boolean.getBoolean("smallOnly");

    private H2TornCommitWriter() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        DataSource dataSource = "guarded".equals(args[1]) ? guarded(url) : raw(url);
        Path dir = Path.of(args[2]);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
            s.execute("CREATE TABLE IF NOT EXISTS item (id BIGINT PRIMARY KEY, a VARCHAR(40) NOT NULL, b BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS item_a ON item (a)");
            s.execute("CREATE INDEX IF NOT EXISTS item_b ON item (b)");
            s.execute("CREATE TABLE IF NOT EXISTS counter (id INT PRIMARY KEY, n BIGINT NOT NULL)");
            s.execute("MERGE INTO counter KEY (id) VALUES (1, COALESCE((SELECT n FROM counter WHERE id = 1), 0))");
        }
        for (int t = 0; t < 4; t++) {
            Thread writer = new Thread(() -> {
                try {
                    write(dataSource);
                } catch (SQLException | RuntimeException e) {
                    e.printStackTrace();
                    System.exit(3);
                }
            });
            writer.start();
        }
        Thread.sleep(300);
        Files.writeString(dir.resolve("started"), "yes");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void write(DataSource dataSource) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO item (id, a, b) VALUES (?, ?, ?)");
                 PreparedStatement count = c.prepareStatement("UPDATE counter SET n = n + ? WHERE id = 1")) {
                while (true) {
                    int rows = BIG && random.nextInt(50) == 0 ? 400 : 1 + random.nextInt(4);
                    for (int k = 0; k < rows; k++) {
                        insert.setLong(1, random.nextLong());
                        insert.setString(2, Long.toString(random.nextLong(), 36));
                        insert.setLong(3, random.nextLong());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    count.setLong(1, rows);
                    count.executeUpdate();
                    c.commit();
                }
            }
        }
    }

    private static DataSource guarded(String url) {
        H2AtomicCommitDataSource ds = new H2AtomicCommitDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    private static DataSource raw(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }
}
