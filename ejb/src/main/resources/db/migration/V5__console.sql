-- The administrators' console (issue 8): console accounts with lockout, and policy proposals (dual control).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. Ids are assigned by the application.

-- console_user (V1) gains what sign-in needs. password_hash is an Argon2id PHC string, never a password.
ALTER TABLE console_user ADD COLUMN enabled BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE console_user ADD COLUMN failed_logins INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE console_user ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE console_user ADD COLUMN password_changed_at TIMESTAMP;
ALTER TABLE console_user ADD COLUMN created_by VARCHAR(64) DEFAULT 'setup' NOT NULL;
ALTER TABLE console_user ADD CONSTRAINT console_user_role
    CHECK (role IN ('ADMINISTRATOR', 'SECURITY_OFFICER', 'CUSTODIAN'));

-- A policy change waiting for (or decided by) a security officer. settings_* mirror the policy table;
-- the change takes effect only through PolicyService.apply when approved.
CREATE TABLE policy_proposal (
    id                        BIGINT        NOT NULL PRIMARY KEY,
    base_version              BIGINT        NOT NULL,
    max_attempts              INTEGER       NOT NULL,
    lockout_action            VARCHAR(16)   NOT NULL,
    reveal_lockout            BOOLEAN       NOT NULL,
    login_ttl_seconds         BIGINT        NOT NULL,
    registration_ttl_seconds  BIGINT        NOT NULL,
    session_ttl_seconds       BIGINT        NOT NULL,
    allowed_suites            VARCHAR(128)  NOT NULL,
    rate_per_address          INTEGER       NOT NULL,
    rate_per_identifier       INTEGER       NOT NULL,
    backup_retention          INTEGER       NOT NULL,
    max_backup_bytes          BIGINT        NOT NULL,
    client_auth               VARCHAR(16)   NOT NULL,
    status                    VARCHAR(16)   NOT NULL,
    proposed_by               VARCHAR(64)   NOT NULL,
    proposed_at               TIMESTAMP     NOT NULL,
    decided_by                VARCHAR(64),
    decided_at                TIMESTAMP,
    decision_note             VARCHAR(256),
    resulting_version         BIGINT,
    CONSTRAINT policy_proposal_status CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    CONSTRAINT policy_proposal_max_attempts CHECK (max_attempts BETWEEN 1 AND 100),
    CONSTRAINT policy_proposal_dual_control CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX policy_proposal_status_idx ON policy_proposal (status);
