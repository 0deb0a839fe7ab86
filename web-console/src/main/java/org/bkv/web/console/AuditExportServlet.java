package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.bkv.ejb.application.ConsoleAuditService;
import org.bkv.ejb.domain.audit.AuditFilter;
import org.bkv.ejb.domain.console.ConsoleInputException;

/**
 * Downloads of the audit page: {@code format=jsonl} (the signed export of the filter's time range, verifiable with
 * {@code bkv audit verify}) or {@code format=csv} (the filtered rows), streamed. The service decides who may (security
 * officers: anyone else gets 403 here, whatever web.xml says) and audits the export before the first byte.
 */
@WebServlet("/console/audit-export")
public class AuditExportServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private ConsoleAuditService audit;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String format = req.getParameter("format");
        if (!"jsonl".equals(format) && !"csv".equals(format)) {
            resp.sendError(400, "format must be jsonl or csv");
            return;
        }
        AuditFilter filter;
        try {
            filter = AuditFilter.parse(req.getParameter("from"), req.getParameter("to"), req.getParameter("type"),
                    req.getParameter("actor"), req.getParameter("outcome"));
        } catch (ConsoleInputException e) {
            resp.sendError(400, e.field() + ": " + e.getMessage());
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        try {
            if ("jsonl".equals(format)) {
                resp.setContentType("application/x-ndjson");
                resp.setHeader("Content-Disposition", "attachment; filename=\"bkv-audit.jsonl\"");
                try (OutputStream out = new BufferedOutputStream(resp.getOutputStream(), 64 * 1024)) {
                    audit.exportJsonLines(filter, out);
                }
            } else {
                resp.setContentType("text/csv;charset=UTF-8");
                resp.setHeader("Content-Disposition", "attachment; filename=\"bkv-audit.csv\"");
                try (Writer out = new OutputStreamWriter(new BufferedOutputStream(resp.getOutputStream(), 64 * 1024),
                        StandardCharsets.UTF_8)) {
                    audit.exportCsv(filter, out);
                }
            }
        } catch (EJBAccessException e) {
            resp.reset();
            resp.sendError(403);
        }
    }
}
