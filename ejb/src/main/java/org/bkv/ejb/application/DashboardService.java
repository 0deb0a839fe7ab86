package org.bkv.ejb.application;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventQuery;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.RequiresPermission;
import org.bkv.ejb.domain.policy.ClientAuth;
import org.bkv.ejb.domain.vault.RecordState;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.hsm.KeyInfo;

/** What the console dashboard shows every role: health, keys, records by state, recent recoveries and lockouts, warnings. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
@RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER, ConsoleRole.KEY_CUSTODIAN})
public class DashboardService {

    public static final Duration RECENT = Duration.ofDays(7);
    private static final int MAX_EVENTS = 1000;

    @EJB
    private ApplianceStatus status;

    @EJB
    private VaultRecordRepository records;

    @EJB
    private AuditEventQuery auditEvents;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditService audit;

    private final Clock clock = Clock.systemUTC();

    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public Optional<String> hsmProblem() {
        return status.hsmProblem();
    }

    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public Optional<String> databaseProblem() {
        return status.databaseProblem();
    }

    /** Labels, types, fingerprints and creation days; empty when the HSM does not answer (the HSM line says why). */
    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public List<KeyInfo> keys() {
        try {
            return List.copyOf(status.keyInventory().present().values());
        } catch (org.bkv.hsm.HsmException e) {
            java.util.logging.Logger.getLogger(DashboardService.class.getName())
                    .warning("key inventory unavailable for the dashboard: " + e.getMessage());
            return List.of();
        }
    }

    /** The latest signed audit tree head (size, root, time); empty before the first head is signed. */
    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public Optional<org.bkv.ejb.audit.tree.TreeHead> auditTreeHead() {
        return audit.latestHead().map(org.bkv.ejb.audit.tree.SignedTreeHead::head);
    }

    /** The audit public key and its fingerprint (public: the auditors pin it); empty when the HSM does not answer. */
    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public Optional<AuditKey> auditKey() {
        try {
            return Optional.of(AuditKey.of(audit.auditPublicKeySpki()));
        } catch (org.bkv.ejb.domain.audit.AuditKeyUnavailableException e) {
            return Optional.empty();
        }
    }

    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public Map<RecordState, Long> recordsByState() {
        return records.countByState();
    }

    /** Successful recoveries and record lockouts of the last {@link #RECENT}, newest first. */
    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public List<AuditEvent> recentRecoveriesAndLockouts() {
        return auditEvents.recent(EnumSet.of(AuditEventType.RECOVERY_SUCCEEDED, AuditEventType.RECORD_LOCKED),
                clock.instant().minus(RECENT), MAX_EVENTS);
    }

    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (policies.current().settings().clientAuth() == ClientAuth.OPEN) {
            warnings.add("Client authentication is OPEN: anyone who can reach the API may register and recover"
                    + " records. Use it for evaluation only; propose JWT in the policy.");
        }
        if (org.bkv.ejb.infrastructure.tls.ServerCertificate.selfSignedFromSystemProperties().orElse(false)) {
            warnings.add("The TLS certificate is self-signed (made at first start): clients must pin its fingerprint."
                    + " Replace data/tls/keystore.p12 with a certificate from the organisation's CA.");
        }
        if (org.bkv.ejb.infrastructure.hsm.WellKnownPins.configuredPinIsWellKnown().orElse(false)) {
            warnings.add("The HSM user PIN is a well-known default: change it on the token (and in its PIN file).");
        }
        return warnings;
    }
}
