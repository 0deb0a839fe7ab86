-- The tamper-evident audit log (issue 7, docs/AUDIT.md): audit_event becomes the leaves of an RFC 9162 Merkle tree.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. Binary columns are BYTEA (VARBINARY in H2).
--
-- Two steps, two writers:
--  1. the caller's transaction INSERTs the event with its canonical entry (leaf_index, leaf_hash NULL): no shared row
--     is touched, so audited operations never queue behind each other; the event commits or rolls back with the
--     change it records.
--  2. the sequencer (one at a time across all nodes: it holds the audit_sequence row lock) takes committed events
--     without an index, assigns the next dense indexes, stores each leaf hash, the subtree
--     hashes that became complete and the new size, in one transaction; then signs a tree head.

ALTER TABLE audit_event ALTER COLUMN event_type SET DATA TYPE VARCHAR(64);
ALTER TABLE audit_event ADD COLUMN actor_kind VARCHAR(16) DEFAULT 'SYSTEM' NOT NULL;
ALTER TABLE audit_event ADD COLUMN node VARCHAR(64) DEFAULT 'before-v3' NOT NULL;
ALTER TABLE audit_event ADD COLUMN outcome VARCHAR(16) DEFAULT 'SUCCESS' NOT NULL;
ALTER TABLE audit_event ADD COLUMN leaf_index BIGINT;
ALTER TABLE audit_event ADD COLUMN entry BYTEA;
ALTER TABLE audit_event ADD COLUMN leaf_hash BYTEA;

-- Events written by the interim log (V2): say who acted and how it ended, as the V3 writer would have.
UPDATE audit_event SET actor_kind = CASE WHEN actor = 'client' THEN 'API_CLIENT'
                                         WHEN actor IN ('appliance', 'system') THEN 'SYSTEM'
                                         ELSE 'CONSOLE_USER' END;
UPDATE audit_event SET outcome = CASE WHEN event_type IN ('REPLACE_REFUSED', 'DELETE_REFUSED', 'LOGIN_REFUSED_LOCKED')
                                      THEN 'REFUSED'
                                      WHEN event_type = 'RECOVERY_FAILED' THEN 'FAILURE'
                                      ELSE 'SUCCESS' END;
-- From now on every writer says it explicitly.
ALTER TABLE audit_event ALTER COLUMN actor_kind DROP DEFAULT;
ALTER TABLE audit_event ALTER COLUMN node DROP DEFAULT;
ALTER TABLE audit_event ALTER COLUMN outcome DROP DEFAULT;

ALTER TABLE audit_event ADD CONSTRAINT audit_event_leaf_index UNIQUE (leaf_index);
-- entry: written with the event (NULL only for events of the interim V2 log, built by the sequencer);
-- leaf_index and leaf_hash: written together by the sequencer.
ALTER TABLE audit_event ADD CONSTRAINT audit_event_sequenced CHECK (
    (leaf_index IS NULL AND leaf_hash IS NULL)
    OR (leaf_index >= 0 AND entry IS NOT NULL AND leaf_hash IS NOT NULL));
ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor_kind CHECK (actor_kind IN ('CONSOLE_USER', 'API_CLIENT', 'SYSTEM'));
ALTER TABLE audit_event ADD CONSTRAINT audit_event_outcome CHECK (outcome IN ('SUCCESS', 'FAILURE', 'REFUSED'));
-- The sequencer's work list: events committed but not yet in the tree, oldest first.
CREATE INDEX audit_event_pending ON audit_event (leaf_index, occurred_at);

-- The single sequencer row: tree_size = number of leaves (= next leaf index). Its row lock serialises sequencers
-- across nodes; sequenced_by/sequenced_at say which node last extended the tree, and when.
CREATE TABLE audit_sequence (
    id            INTEGER      NOT NULL PRIMARY KEY,
    tree_size     BIGINT       NOT NULL,
    sequenced_by  VARCHAR(64)  NOT NULL,
    sequenced_at  TIMESTAMP    NOT NULL,
    CONSTRAINT audit_sequence_single CHECK (id = 1),
    CONSTRAINT audit_sequence_size CHECK (tree_size >= 0)
);
INSERT INTO audit_sequence (id, tree_size, sequenced_by, sequenced_at) VALUES (1, 0, 'migration', CURRENT_TIMESTAMP);

-- Complete subtree hashes above the leaves: (tree_level, tree_index) = MTH of leaves
-- [tree_index * 2^tree_level, (tree_index + 1) * 2^tree_level), tree_level >= 1 (level 0 is audit_event.leaf_hash).
-- Written once, when the subtree completes (about one row per event); proofs, roots and export prefixes read
-- O(log^2 n) of them and never rescan the leaves.
CREATE TABLE audit_subtree (
    tree_level  INTEGER  NOT NULL,
    tree_index  BIGINT   NOT NULL,
    hash        BYTEA    NOT NULL,
    PRIMARY KEY (tree_level, tree_index),
    CONSTRAINT audit_subtree_level CHECK (tree_level BETWEEN 1 AND 62)
);

-- Signed tree heads: one per size (primary key), whichever node signed it. signed_bytes are not stored: they are
-- a function of (tree_size, root_hash, timestamp_millis) (TreeHead.signedBytes, docs/AUDIT.md §3).
CREATE TABLE audit_tree_head (
    tree_size         BIGINT       NOT NULL PRIMARY KEY,
    root_hash         BYTEA        NOT NULL,
    timestamp_millis  BIGINT       NOT NULL,
    signature         BYTEA        NOT NULL,
    signed_by         VARCHAR(64)  NOT NULL,
    CONSTRAINT audit_tree_head_size CHECK (tree_size >= 1)
);
