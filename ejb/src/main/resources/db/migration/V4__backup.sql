-- The backup blob store (issue 6, DESIGN §4.3): one slot per backup id. The ciphertext lives in the blob store
-- (files under the data directory by default); this row says which stored copy is current and who may use it.
-- token_hash = base64url(SHA-256(storage auth token)): the token itself is never stored.
-- generation counts stored copies; the current copy is generation `generation` (0 = nothing stored yet).
CREATE TABLE backup_slot (
    id              VARCHAR(43)  NOT NULL PRIMARY KEY,
    token_hash      VARCHAR(43)  NOT NULL,
    generation      BIGINT       NOT NULL,
    length          BIGINT,
    sha256          VARCHAR(64),
    stored_at       TIMESTAMP,
    created_at      TIMESTAMP    NOT NULL,
    CONSTRAINT backup_slot_generation CHECK (generation >= 0)
);
