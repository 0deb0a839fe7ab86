package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.policy.Policy;
import org.bkv.ejb.domain.policy.PolicyRepository;
import org.bkv.ejb.domain.policy.PolicySettings;

/**
 * The one way to read the policy, and to put an approved change into force. Until a version is stored the
 * defaults of DESIGN §7 apply (version 0). Proposing and approving (dual control) come with the console issue,
 * which calls {@link #apply} once a security officer has approved.
 */
@Stateless
public class PolicyService {

    @EJB
    private PolicyRepository policies;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    public Policy current() {
        return policies.current().orElseGet(() -> new Policy(0, PolicySettings.DEFAULTS, null, Instant.EPOCH));
    }

    /** Puts an approved policy into force as the next version; audited in the same transaction. */
    public Policy apply(PolicySettings settings, String approvedBy) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(approvedBy, "approvedBy");
        Instant now = clock.instant();
        Policy next = new Policy(current().version() + 1, settings, approvedBy, now);
        policies.add(next);
        audit.record(new AuditEvent(AuditEventType.POLICY_CHANGED, now, java.util.Optional.empty(), approvedBy,
                "version " + next.version() + ": " + settings));
        return next;
    }
}
