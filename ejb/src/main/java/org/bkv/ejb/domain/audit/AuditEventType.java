package org.bkv.ejb.domain.audit;

/** The closed set of things the audit log can say happened, successes and refusals alike. */
public enum AuditEventType {
    REGISTRATION_STARTED,
    RECORD_REGISTERED,
    RECORD_REPLACED,
    REPLACE_REFUSED,
    /** A KE2 left the server for a real record: one attempt counted. */
    ATTEMPT_COUNTED,
    /** A fake KE2 left the server (unknown identifier, other suite, or hidden lockout): nothing counted. */
    FAKE_LOGIN_SERVED,
    LOGIN_REFUSED_LOCKED,
    RECOVERY_SUCCEEDED,
    RECOVERY_FAILED,
    RECORD_LOCKED,
    /** Lockout with DESTROY: the record's sealed backup key and wrapped OPRF key were overwritten. */
    RECORD_DESTROYED,
    RECORD_DELETED,
    DELETE_REFUSED,
    POLICY_CHANGED,
    SERVER_KEY_CREATED,
    EXPIRED_PURGED,
    // backups (DESIGN §4.3)
    BACKUP_SLOT_CREATED,
    BACKUP_STORED,
    BACKUP_READ,
    BACKUP_DELETED,
    /** A backup call with a wrong storage token. */
    BACKUP_REFUSED,
    // console
    CONSOLE_LOGIN,
    CONSOLE_LOGIN_FAILED,
    CONSOLE_LOGOUT,
    CONSOLE_USER_CREATED,
    CONSOLE_USER_DISABLED,
    CONSOLE_PASSWORD_CHANGED,
    SETUP_TOKEN_SPENT,
    POLICY_PROPOSED,
    POLICY_APPROVED,
    POLICY_REJECTED
}
