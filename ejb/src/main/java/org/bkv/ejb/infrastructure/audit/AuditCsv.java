package org.bkv.ejb.infrastructure.audit;

import java.io.IOException;
import java.io.Writer;
import org.bkv.ejb.domain.audit.AuditRow;

/**
 * Audit rows as CSV (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break) for spreadsheets.
 * A cell that starts with {@code = + - @} (or a tab or carriage return) gets a leading {@code '} so a spreadsheet
 * shows it as text instead of running it as a formula (CSV injection: actors and details come from outside).
 */
public final class AuditCsv {

    public static final String HEADER = "leaf_index,time,type,actor_kind,actor,outcome,node,subject,detail";

    private AuditCsv() {
    }

    public static void header(Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
    }

    public static void row(Writer out, AuditRow r) throws IOException {
        String[] cells = {Long.toString(r.leafIndex()), r.at().toString(), r.type(), r.actorKind(), r.actor(), r.outcome(),
                r.node(), r.subject(), r.detail()};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /** One field: neutralised against formulas, then quoted if needed. */
    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
