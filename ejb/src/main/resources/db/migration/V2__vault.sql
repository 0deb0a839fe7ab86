-- The vault (issue 5): records, pending registrations, logins, session grants, policy versions, sealed software
-- server keys and the (interim, not yet tamper-evident) audit event table.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. Binary columns are BYTEA (VARBINARY in H2).

-- One row per identifier ever registered; id = base64url(HMAC-SHA256(bkv-id-mac, identifier)).
-- attempts/max_attempts change only through single-row conditional UPDATEs (see JpaVaultRecordRepository).
-- Key material columns become NULL when the record is destroyed (lockout DESTROY) or deleted.
CREATE TABLE vault_record (
    id                 VARCHAR(43)  NOT NULL PRIMARY KEY,
    suite              VARCHAR(32)  NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    attempts           INTEGER      NOT NULL,
    max_attempts       INTEGER      NOT NULL,
    wrapped_oprf_key   BYTEA,
    oprf_public_key    BYTEA,
    sealed_record      BYTEA,
    sealed_backup_key  BYTEA,
    version            BIGINT       NOT NULL,
    created_at         TIMESTAMP    NOT NULL,
    updated_at         TIMESTAMP    NOT NULL,
    CONSTRAINT vault_record_state CHECK (state IN ('ACTIVE', 'LOCKED', 'DELETED')),
    CONSTRAINT vault_record_attempts CHECK (attempts >= 0 AND attempts <= max_attempts),
    CONSTRAINT vault_record_max_attempts CHECK (max_attempts BETWEEN 1 AND 100)
);

-- Registrations between response and record (registrationTtl). sealed_state holds the identifier (and the
-- ristretto255 OPRF scalar) sealed by the KEK; the row is deleted on finish or by the purge.
CREATE TABLE vault_registration (
    id                VARCHAR(22)  NOT NULL PRIMARY KEY,
    record_id         VARCHAR(43)  NOT NULL,
    suite             VARCHAR(32)  NOT NULL,
    sealed_state      BYTEA        NOT NULL,
    wrapped_oprf_key  BYTEA,
    oprf_public_key   BYTEA        NOT NULL,
    expires_at        TIMESTAMP    NOT NULL,
    created_at        TIMESTAMP    NOT NULL
);
CREATE INDEX vault_registration_expires ON vault_registration (expires_at);

-- Logins between KE2 and KE3 (loginTtl): OPAQUE server state sealed by the KEK, usable once.
-- counted = this KE2 consumed an attempt (false for fake logins).
CREATE TABLE vault_login (
    id              VARCHAR(22)  NOT NULL PRIMARY KEY,
    record_id       VARCHAR(43)  NOT NULL,
    record_version  BIGINT       NOT NULL,
    suite           VARCHAR(32)  NOT NULL,
    sealed_state    BYTEA        NOT NULL,
    counted         BOOLEAN      NOT NULL,
    used            BOOLEAN      NOT NULL,
    expires_at      TIMESTAMP    NOT NULL,
    created_at      TIMESTAMP    NOT NULL
);
CREATE INDEX vault_login_record ON vault_login (record_id);
CREATE INDEX vault_login_expires ON vault_login (expires_at);

-- Session grants of successful recoveries: only the SHA-256 of the token is stored.
CREATE TABLE vault_session (
    token_hash      VARCHAR(43)  NOT NULL PRIMARY KEY,
    record_id       VARCHAR(43)  NOT NULL,
    record_version  BIGINT       NOT NULL,
    expires_at      TIMESTAMP    NOT NULL,
    created_at      TIMESTAMP    NOT NULL
);
CREATE INDEX vault_session_record ON vault_session (record_id);
CREATE INDEX vault_session_expires ON vault_session (expires_at);

-- Policy versions; the highest version is in force (none stored = the defaults of DESIGN §7).
CREATE TABLE policy (
    version                   BIGINT        NOT NULL PRIMARY KEY,
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
    approved_by               VARCHAR(64),
    effective_at              TIMESTAMP     NOT NULL,
    CONSTRAINT policy_max_attempts CHECK (max_attempts BETWEEN 1 AND 100)
);

-- Software suite keys (ristretto255 3DH key) sealed by the KEK with the key's name as AAD.
CREATE TABLE server_key (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    sealed      BYTEA        NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);

-- Audit events, written in the transaction of the change they record. Never secrets or full identifiers:
-- subject is at most a record id prefix. Replaced by the Merkle-tree log with the audit issue.
CREATE TABLE audit_event (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    occurred_at  TIMESTAMP     NOT NULL,
    event_type   VARCHAR(32)   NOT NULL,
    subject      VARCHAR(16)   NOT NULL,
    actor        VARCHAR(64)   NOT NULL,
    detail       VARCHAR(512)  NOT NULL
);
CREATE INDEX audit_event_time ON audit_event (occurred_at);
