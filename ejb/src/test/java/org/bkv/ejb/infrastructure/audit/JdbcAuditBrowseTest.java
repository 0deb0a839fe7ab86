package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.bkv.ejb.domain.audit.ActorKind;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditFilter;
import org.bkv.ejb.domain.audit.AuditOutcome;
import org.bkv.ejb.domain.audit.AuditRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's audit reads on a real (in-memory H2) database migrated up to V6, events sequenced by the real sequencer. */
class JdbcAuditBrowseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private AuditTestDatabase db;

    @BeforeEach
    void database() throws Exception {
        db = AuditTestDatabase.h2Memory("browse-" + UUID.randomUUID());
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            AuditEventType type = i % 5 == 0 ? AuditEventType.RECOVERY_FAILED : AuditEventType.ATTEMPT_COUNTED;
            events.add(new AuditEvent(type, T0.plusSeconds(i), Optional.empty(), ActorKind.CONSOLE_USER, i % 2 == 0 ? "alice" : "bob",
                    type.defaultOutcome(), "event " + i));
        }
        db.record(events);
        db.sequencing(SoftwareAuditSigner::new, 0).tick();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void newestFirstAndOnlyWhatTheFilterAsks() throws Exception {
        try (Connection c = db.connection()) {
            List<AuditRow> all = JdbcAuditBrowse.page(c, AuditFilter.NONE, OptionalLong.empty(), 0, 10);
            assertThat(all).extracting(AuditRow::leafIndex).containsExactly(249L, 248L, 247L, 246L, 245L, 244L, 243L, 242L, 241L, 240L);
            AuditFilter failures = AuditFilter.parse("", "", "RECOVERY_FAILED", "alice", "FAILURE");
            List<AuditRow> rows = JdbcAuditBrowse.page(c, failures, OptionalLong.empty(), 0, 100);
            assertThat(rows).hasSize(25).allSatisfy(r -> {
                assertThat(r.type()).isEqualTo("RECOVERY_FAILED");
                assertThat(r.actor()).isEqualTo("alice");
                assertThat(r.outcome()).isEqualTo("FAILURE");
            });
            assertThat(JdbcAuditBrowse.count(c, failures)).isEqualTo(25);
            assertThat(JdbcAuditBrowse.count(c, AuditFilter.NONE)).isEqualTo(250);
            assertThat(JdbcAuditBrowse.count(c, AuditFilter.parse("", "", "", "", "REFUSED"))).isZero();
        }
    }

    @Test
    void keysetPagesAreTheOffsetPages() throws Exception {
        AuditFilter attempts = AuditFilter.parse("", "", "ATTEMPT_COUNTED", "", "");
        try (Connection c = db.connection()) {
            List<AuditRow> first = JdbcAuditBrowse.page(c, attempts, OptionalLong.empty(), 0, 30);
            List<AuditRow> byKey = JdbcAuditBrowse.page(c, attempts, OptionalLong.of(first.get(29).leafIndex()), 0, 30);
            List<AuditRow> byOffset = JdbcAuditBrowse.page(c, attempts, OptionalLong.empty(), 30, 30);
            assertThat(byKey).isEqualTo(byOffset).hasSize(30);
            assertThat(byKey.get(0).leafIndex()).isLessThan(first.get(29).leafIndex());
        }
    }

    @Test
    void theSignedExportRangeFollowsTheTimeFilterOnly() throws Exception {
        try (Connection c = db.connection()) {
            AuditFilter window = AuditFilter.parse("", "", "RECOVERY_FAILED", "", "");
            window = new AuditFilter(Optional.of(T0.plusSeconds(10)), Optional.of(T0.plusSeconds(20)), window.type(),
                    Optional.empty(), Optional.empty());
            assertThat(JdbcAuditBrowse.leafRange(c, window)).hasValueSatisfying(r -> assertThat(r).containsExactly(10, 19));
            AuditFilter empty = new AuditFilter(Optional.of(T0.plusSeconds(1000)), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            assertThat(JdbcAuditBrowse.leafRange(c, empty)).isEmpty();
        }
    }
}
