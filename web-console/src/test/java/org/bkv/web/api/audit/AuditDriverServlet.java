package org.bkv.web.api.audit;

import jakarta.ejb.EJB;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.bkv.ejb.application.PolicyService;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.infrastructure.audit.AuditSequencer;
import org.bkv.ejb.infrastructure.audit.AuditSigningStatus;

/**
 * Test-only driver, added to a copy of the WAR by {@link AuditApiH2IT} (never part of the shipped WAR). POST
 * {@code /audit-driver/changes?n=N}: N audited policy changes, then sequencer ticks until a signed head covers them;
 * answers "size unsigned problem". POST {@code /audit-driver/alter?index=I} rewrites one stored event's entry, and
 * {@code /audit-driver/delete?index=I} deletes it, as someone with database access would.
 */
@WebServlet("/audit-driver/*")
public class AuditDriverServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient PolicyService policies;

    @EJB
    private transient AuditSequencer sequencer;

    @jakarta.annotation.Resource(lookup = "java:app/jdbc/bkv")
    private transient DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        try {
            switch (String.valueOf(req.getPathInfo())) {
                case "/changes" -> resp.getWriter().write(changes(Integer.parseInt(req.getParameter("n"))));
                case "/alter" -> resp.getWriter().write(alter(Long.parseLong(req.getParameter("index"))));
                case "/delete" -> resp.getWriter().write(delete(Long.parseLong(req.getParameter("index"))));
                default -> resp.sendError(404);
            }
        } catch (SQLException | InterruptedException e) {
            throw new ServletException(e);
        }
    }

    private String changes(int n) throws SQLException, InterruptedException {
        for (int i = 0; i < n; i++) {
            policies.apply(PolicySettings.DEFAULTS.withMaxAttempts(5 + i % 10), "it-officer");
        }
        long deadline = System.currentTimeMillis() + 30_000;
        AuditSigningStatus status = sequencer.tickNow();
        while ((status.unsigned() > 0 || status.lastSigned().isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            status = sequencer.tickNow();
        }
        return status.treeSize() + " " + status.unsigned() + " " + status.problem().orElse("none");
    }

    private String delete(long index) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM audit_event WHERE leaf_index = ?")) {
            s.setLong(1, index);
            return s.executeUpdate() == 1 ? "deleted" : "missing";
        }
    }

    private String alter(long index) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            byte[] entry;
            try (PreparedStatement s = c.prepareStatement("SELECT entry FROM audit_event WHERE leaf_index = ?")) {
                s.setLong(1, index);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return "missing";
                    }
                    entry = rs.getBytes(1);
                }
            }
            String altered = new String(entry, StandardCharsets.UTF_8).replace("it-officer", "somebody-else");
            try (PreparedStatement s = c.prepareStatement("UPDATE audit_event SET entry = ? WHERE leaf_index = ?")) {
                s.setBytes(1, altered.getBytes(StandardCharsets.UTF_8));
                s.setLong(2, index);
                return s.executeUpdate() == 1 && !altered.equals(new String(entry, StandardCharsets.UTF_8)) ? "altered" : "unchanged";
            }
        }
    }
}
