package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.bkv.ejb.application.ConsoleRecordService;
import org.bkv.ejb.application.ConsoleUserService;
import org.bkv.ejb.application.DashboardService;
import org.bkv.ejb.application.PolicyChangeService;
import org.bkv.ejb.application.RecoveryService;
import org.bkv.ejb.application.RegistrationService;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.web.vault.TestRecords;

/**
 * Test-only (added to ConsoleIT's WAR, not shipped). Calls the console's EJB services directly as whoever the request's
 * session signed in as, bypassing every page and web.xml constraint, so ConsoleIT can prove the services themselves
 * refuse the wrong role. Also makes vault records and reads counts for the assertions.
 */
@WebServlet("/it-probe/*")
public class ConsoleProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private ConsoleUserService users;

    @EJB
    private PolicyChangeService policy;

    @EJB
    private ConsoleRecordService records;

    @EJB
    private DashboardService dashboard;

    @EJB
    private org.bkv.ejb.application.ConsoleAuditService audit;

    @EJB
    private RegistrationService registration;

    @EJB
    private RecoveryService recovery;

    @jakarta.annotation.Resource(lookup = "java:app/jdbc/bkv")
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        String op = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        String answer;
        try {
            answer = run(op, req);
        } catch (org.bkv.ejb.domain.console.ConsoleInputException e) {
            answer = "refused:ConsoleInputException";
        } catch (EJBAccessException e) {
            answer = "refused:EJBAccessException";
        } catch (EJBException e) {
            answer = "refused:" + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
        } catch (Exception e) {
            answer = "error:" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        resp.getWriter().print(answer);
    }

    private String run(String op, HttpServletRequest req) throws Exception {
        String a = req.getParameter("a");
        String b = req.getParameter("b");
        switch (op) {
            case "whoami":
                return req.getUserPrincipal() == null ? "anonymous" : req.getUserPrincipal().getName();
            case "sessionTimeout":
                return "ok:" + req.getSession().getMaxInactiveInterval();
            case "listUsers":
                return "ok:" + users.list().size();
            case "createUser":
                users.create(a, ConsoleRole.valueOf(b), "probe password 123".toCharArray());
                return "ok";
            case "disableUser":
                users.disable(a);
                return "ok";
            case "resetPassword":
                users.resetPassword(a, "probe password 123".toCharArray());
                return "ok";
            case "propose":
                return "ok:" + policy.propose(PolicySettings.DEFAULTS.withMaxAttempts(Integer.parseInt(a))).id();
            case "pending":
                return policy.pending().map(p -> "ok:" + p.id()).orElse("ok:none");
            case "approve":
                return "ok:" + policy.approve(Long.parseLong(a)).version();
            case "reject":
                policy.reject(Long.parseLong(a), "probe says no");
                return "ok";
            case "lookUp":
                return "ok:" + records.lookUp(a).map(r -> r.state().name()).orElse("none");
            case "delete":
                return "ok:" + records.delete(records.lookUp(a).map(r -> r.recordId()).orElse(""), "probe delete").state();
            case "deleteRecordId": // any id string, as a tampered console form could send it
                return "ok:" + records.delete(a, "probe delete").state();
            case "dashboard":
                return "ok:" + dashboard.recordsByState();
            case "countAll":
                return "ok:" + countAuditRows();
            case "headSize":
                return "ok:" + audit.latestHead().map(h -> h.size()).orElse(0L);
            case "auditCount":
                return "ok:" + audit.count(org.bkv.ejb.domain.audit.AuditFilter.NONE);
            case "auditVerify":
                return "ok:" + audit.verifyNow().passed();
            case "auditCsv":
                java.io.StringWriter csv = new java.io.StringWriter();
                return "ok:" + audit.exportCsv(org.bkv.ejb.domain.audit.AuditFilter.NONE, csv);
            case "auditJsonl":
                java.io.ByteArrayOutputStream jsonl = new java.io.ByteArrayOutputStream();
                return "ok:" + audit.exportJsonLines(org.bkv.ejb.domain.audit.AuditFilter.NONE, jsonl)[1];
            case "register":
                new TestRecords(registration, recovery).register(a, b);
                return "ok";
            case "recover":
                new TestRecords(registration, recovery).recover(a, b);
                return "ok";
            case "guessWrong":
                TestRecords vault = new TestRecords(registration, recovery);
                int n = Integer.parseInt(b);
                for (int i = 0; i < n; i++) {
                    vault.guessWrong(a);
                }
                return "ok";
            case "count":
                return "ok:" + count(a, b);
            default:
                return "error:unknown probe " + op;
        }
    }

    private long countAuditRows() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of console_user (a = null) or audit events of type a (b = optional actor). */
    private long count(String auditType, String actor) throws Exception {
        String sql = auditType == null ? "SELECT COUNT(*) FROM console_user"
                : "SELECT COUNT(*) FROM audit_event WHERE event_type = ?" + (actor == null ? "" : " AND actor = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (auditType != null) {
                s.setString(1, auditType);
                if (actor != null) {
                    s.setString(2, actor);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
