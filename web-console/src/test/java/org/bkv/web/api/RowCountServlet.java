package org.bkv.web.api;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Test-only (added to the deployment by {@link ApiScenarios}): row counts of the tables the API may change, so a test can
 * prove that a refused request changed nothing. Answers "table=count" lines; with {@code ?actorsOf=TYPE} the
 * "actor_kind actor" lines of that event type instead.
 */
@WebServlet("/it/rows")
public class RowCountServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final List<String> TABLES = List.of("vault_record", "vault_registration", "vault_login", "vault_session",
            "backup_slot", "audit_event", "policy");

    @Resource(lookup = "java:app/jdbc/bkv")
    private transient DataSource db;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder out = new StringBuilder();
        String actorsOf = req.getParameter("actorsOf");
        if (actorsOf != null) {
            try (Connection c = db.getConnection();
                 java.sql.PreparedStatement s = c.prepareStatement("SELECT actor_kind, actor FROM audit_event WHERE event_type = ?")) {
                s.setString(1, actorsOf);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
                    }
                }
            } catch (SQLException e) {
                throw new IOException("audit actor query failed", e);
            }
            resp.setContentType("text/plain");
            resp.getWriter().write(out.toString());
            return;
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    out.append(table).append('=').append(rs.getLong(1)).append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IOException("row count failed", e);
        }
        resp.setContentType("text/plain");
        resp.getWriter().write(out.toString());
    }
}
