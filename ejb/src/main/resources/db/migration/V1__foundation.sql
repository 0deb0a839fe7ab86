-- Foundation: console users (extended by the console issue) and the one-time setup token.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. Ids are assigned by the
-- application (EclipseLink 4's H2 platform cannot read H2 2.x identities or sequences).

CREATE TABLE console_user (
    id            BIGINT       NOT NULL PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    created_at    TIMESTAMP    NOT NULL
);

-- Only the SHA-256 of a setup token is ever stored; the token itself goes to the operator once.
CREATE TABLE setup_token (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    token_hash  BYTEA       NOT NULL,
    issued_at   TIMESTAMP   NOT NULL,
    spent_at    TIMESTAMP
);
