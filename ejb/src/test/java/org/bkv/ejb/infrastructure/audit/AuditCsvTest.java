package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import org.bkv.ejb.domain.audit.AuditRow;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void formulaStartsAreNeutralisedWithAQuote() {
        assertThat(AuditCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditCsv.cell("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.cell("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
        assertThat(AuditCsv.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.cell(null)).isEmpty();
    }

    @Test
    void aRowHasTheHeadersColumnsInOrder() throws Exception {
        StringWriter out = new StringWriter();
        AuditCsv.header(out);
        AuditCsv.row(out, new AuditRow(7, Instant.parse("2026-11-27T17:00:00.123Z"), "CONSOLE_LOGIN", "CONSOLE_USER",
                "officer.one", "SUCCESS", "bkv-1", "", "=cmd|' /C calc'!A0"));
        assertThat(out.toString()).isEqualTo(AuditCsv.HEADER + "\r\n"
                + "7,2026-11-27T17:00:00.123Z,CONSOLE_LOGIN,CONSOLE_USER,officer.one,SUCCESS,bkv-1,,'=cmd|' /C calc'!A0\r\n");
    }
}
