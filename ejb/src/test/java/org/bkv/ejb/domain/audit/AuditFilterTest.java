package org.bkv.ejb.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

    @Test
    void blankFieldsMeanNoFilter() throws Exception {
        assertThat(AuditFilter.parse("", " ", null, "", "").isEmpty()).isTrue();
    }

    @Test
    void datesAndMinutesAreReadAsUtc() throws Exception {
        AuditFilter f = AuditFilter.parse("2026-11-27", "2026-11-27 17:40", "CONSOLE_LOGIN", " officer.one ", "REFUSED");
        assertThat(f.from()).contains(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(f.to()).contains(Instant.parse("2026-11-27T17:40:00Z"));
        assertThat(f.type()).contains(AuditEventType.CONSOLE_LOGIN);
        assertThat(f.actor()).contains("officer.one");
        assertThat(f.outcome()).contains(AuditOutcome.REFUSED);
        assertThat(f.describe()).isEqualTo("from 2026-11-27T00:00:00Z to 2026-11-27T17:40:00Z type CONSOLE_LOGIN actor officer.one outcome REFUSED");
    }

    @Test
    void eachBadFieldIsNamed() {
        assertField(() -> AuditFilter.parse("yesterday", "", "", "", ""), "from");
        assertField(() -> AuditFilter.parse("", "2026-13-01", "", "", ""), "to");
        assertField(() -> AuditFilter.parse("2026-11-27", "2026-11-26", "", "", ""), "to");
        assertField(() -> AuditFilter.parse("", "", "DROP TABLE", "", ""), "type");
        assertField(() -> AuditFilter.parse("", "", "", "x".repeat(65), ""), "actor");
        assertField(() -> AuditFilter.parse("", "", "", "a\u0000b", ""), "actor");
        assertField(() -> AuditFilter.parse("", "", "", "", "MAYBE"), "outcome");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConsoleInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
