package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.LoginSessionRepository;
import org.bkv.ejb.domain.vault.PendingRegistrationRepository;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.SessionGrantRepository;

/**
 * Every 15 s: records whose last open logins expired unanswered are locked if their attempts are used up (an
 * expired KE2 is a failed attempt), then expired logins, pending registrations and session grants are deleted.
 */
@Singleton
public class VaultHousekeeping {

    private static final Logger LOG = Logger.getLogger(VaultHousekeeping.class.getName());

    @EJB
    private LoginSessionRepository logins;

    @EJB
    private PendingRegistrationRepository pending;

    @EJB
    private SessionGrantRepository sessions;

    @EJB
    private AttemptLimiter attempts;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
    void scheduled() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "vault housekeeping failed; retrying in 15 s: {0}", e.toString());
        }
    }

    /** Locks what expiry exhausted, then deletes what expired; one transaction, audited when it changed anything. */
    public void purgeExpired() {
        Instant now = clock.instant();
        PolicySettings policy = policies.current().settings();
        for (RecordId id : logins.recordsWithExpiredCountedLogins(now)) {
            attempts.lockIfExhausted(id, policy, now);
        }
        int expiredLogins = logins.purgeExpired(now);
        int expiredRegistrations = pending.purgeExpired(now);
        int expiredSessions = sessions.purgeExpired(now);
        if (expiredLogins + expiredRegistrations + expiredSessions > 0) {
            audit.record(new AuditEvent(AuditEventType.EXPIRED_PURGED, now, java.util.Optional.empty(), "appliance",
                    expiredLogins + " logins, " + expiredRegistrations + " registrations, " + expiredSessions + " sessions"));
        }
    }
}
