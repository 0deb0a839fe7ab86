package org.bkv.ejb.domain.audit;

/**
 * The closed set of things the audit log can say happened, successes and refusals alike. The name is what the
 * signed entry carries ({@code type}): never rename a constant, only add (exports already signed keep the old name).
 */
public enum AuditEventType {
    // ---- vault (issue 5) ----
    REGISTRATION_STARTED,
    RECORD_REGISTERED,
    RECORD_REPLACED,
    REPLACE_REFUSED(AuditOutcome.REFUSED),
    /** A KE2 left the server for a real record: one attempt counted. */
    ATTEMPT_COUNTED,
    /** A fake KE2 left the server (unknown identifier, other suite, or hidden lockout): nothing counted. */
    FAKE_LOGIN_SERVED,
    LOGIN_REFUSED_LOCKED(AuditOutcome.REFUSED),
    RECOVERY_SUCCEEDED,
    RECOVERY_FAILED(AuditOutcome.FAILURE),
    RECORD_LOCKED,
    /** Lockout with DESTROY: the record's sealed backup key and wrapped OPRF key were overwritten. */
    RECORD_DESTROYED,
    RECORD_DELETED,
    DELETE_REFUSED(AuditOutcome.REFUSED),
    POLICY_CHANGED,
    SERVER_KEY_CREATED,
    EXPIRED_PURGED,

    // ---- backups (blob store, DESIGN §4.3) ----
    BACKUP_SLOT_CREATED,
    BACKUP_STORED,
    BACKUP_READ,
    BACKUP_DELETED,
    BACKUP_REFUSED(AuditOutcome.REFUSED),

    // ---- policy, dual control (DESIGN §7) ----
    POLICY_PROPOSED,
    POLICY_APPROVED,
    POLICY_REJECTED,

    // ---- console ----
    CONSOLE_LOGIN,
    CONSOLE_LOGIN_FAILED(AuditOutcome.FAILURE),
    CONSOLE_LOGOUT,
    CONSOLE_USER_CREATED,
    CONSOLE_USER_DISABLED,
    CONSOLE_PASSWORD_CHANGED,
    SETUP_TOKEN_SPENT,

    // ---- HSM ----
    HSM_UNAVAILABLE(AuditOutcome.FAILURE),
    HSM_RECYCLED,

    // ---- key ceremonies (DESIGN §9): one event per step, the transcript is signed separately ----
    CEREMONY_STARTED,
    CEREMONY_STEP_COMPLETED,
    CEREMONY_COMPLETED,
    CEREMONY_ABORTED(AuditOutcome.FAILURE),

    // ---- console, audit page (issue 8) ----
    /** A console user downloaded part of the audit log (format and range in the detail). */
    AUDIT_EXPORTED,

    // ---- decoy rows (fake logins' database twins, docs/SECURITY.md) ----
    /** A decoy row was created at start-up (which one in the detail; no subject: a decoy is no record). */
    DECOY_ROW_CREATED,
    /**
     * A login found a decoy row missing and created it again: someone deleted it outside the appliance (which one in
     * the detail).
     */
    DECOY_ROW_MISSING(AuditOutcome.FAILURE);

    /** Longest constant name; the column {@code audit_event.event_type} holds 64. */
    public static final int MAX_NAME_LENGTH = 64;

    private final AuditOutcome defaultOutcome;

    AuditEventType() {
        this(AuditOutcome.SUCCESS);
    }

    AuditEventType(AuditOutcome defaultOutcome) {
        this.defaultOutcome = defaultOutcome;
    }

    /** The outcome an event of this type has unless the caller says otherwise (a *_REFUSED type is REFUSED). */
    public AuditOutcome defaultOutcome() {
        return defaultOutcome;
    }
}
