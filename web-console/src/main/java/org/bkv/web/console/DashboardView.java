package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bkv.ejb.application.DashboardService;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.vault.RecordState;
import org.bkv.hsm.KeyInfo;

/** The dashboard: health, keys, records by state, recent recoveries and lockouts (a chart), warnings. */
@Named
@RequestScoped
public class DashboardView {

    @EJB
    private DashboardService dashboard;

    private String hsmProblem;
    private String databaseProblem;
    private boolean loaded;

    private void load() {
        if (!loaded) {
            loaded = true;
            hsmProblem = dashboard.hsmProblem().orElse(null);
            databaseProblem = dashboard.databaseProblem().orElse(null);
        }
    }

    public String getHsmProblem() {
        load();
        return hsmProblem;
    }

    public String getDatabaseProblem() {
        load();
        return databaseProblem;
    }

    public List<KeyInfo> getKeys() {
        return dashboard.keys();
    }

    /** The day the key was created as the token records it, or "not recorded" (keys imported, restored or older). */
    public String created(KeyInfo key) {
        return key.created().map(LocalDate::toString).orElse("not recorded");
    }

    public List<Map.Entry<String, Long>> getRecordsByState() {
        Map<RecordState, Long> counts = dashboard.recordsByState();
        return java.util.Arrays.stream(RecordState.values())
                .map(s -> Map.entry(s.name(), counts.getOrDefault(s, 0L))).toList();
    }

    /** The latest signed audit tree head as the dashboard shows it. */
    public record AuditHeadView(long size, String rootHash, String signedAt) {
    }

    /** The latest signed audit tree head, or null before the first one. */
    public AuditHeadView getAuditHead() {
        return dashboard.auditTreeHead().map(h -> new AuditHeadView(h.size(),
                java.util.HexFormat.of().formatHex(h.rootHash()),
                java.time.Instant.ofEpochMilli(h.timestampMillis()).toString())).orElse(null);
    }

    /** The audit public key (PEM) and its fingerprint, or null when the HSM does not answer. */
    public org.bkv.ejb.application.AuditKey getAuditKey() {
        return dashboard.auditKey().orElse(null);
    }

    public List<String> getWarnings() {
        return dashboard.warnings();
    }

    /** Chart.js configuration: per day of the last week, recoveries and lockouts (numbers only, no ids). */
    public String getActivityChart() {
        List<AuditEvent> events = dashboard.recentRecoveriesAndLockouts();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        TreeMap<LocalDate, long[]> perDay = new TreeMap<>();
        for (int i = (int) DashboardService.RECENT.toDays() - 1; i >= 0; i--) {
            perDay.put(today.minusDays(i), new long[2]);
        }
        for (AuditEvent e : events) {
            long[] day = perDay.get(LocalDate.ofInstant(e.at(), ZoneOffset.UTC));
            if (day != null) {
                day[e.type() == AuditEventType.RECOVERY_SUCCEEDED ? 0 : 1]++;
            }
        }
        String labels = perDay.keySet().stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(","));
        String recoveries = perDay.values().stream().map(v -> Long.toString(v[0])).collect(Collectors.joining(","));
        String lockouts = perDay.values().stream().map(v -> Long.toString(v[1])).collect(Collectors.joining(","));
        return "{\"type\":\"bar\",\"data\":{\"labels\":[" + labels + "],\"datasets\":["
                + "{\"label\":\"Recoveries\",\"backgroundColor\":\"#5b8a72\",\"data\":[" + recoveries + "]},"
                + "{\"label\":\"Lockouts\",\"backgroundColor\":\"#b5654a\",\"data\":[" + lockouts + "]}]},"
                + "\"options\":{\"animation\":false,\"responsive\":true,\"maintainAspectRatio\":false,"
                + "\"scales\":{\"y\":{\"beginAtZero\":true,\"ticks\":{\"precision\":0}}}}}";
    }

    public long getRecentRecoveries() {
        return dashboard.recentRecoveriesAndLockouts().stream().filter(e -> e.type() == AuditEventType.RECOVERY_SUCCEEDED).count();
    }

    public long getRecentLockouts() {
        return dashboard.recentRecoveriesAndLockouts().stream().filter(e -> e.type() == AuditEventType.RECORD_LOCKED).count();
    }
}
