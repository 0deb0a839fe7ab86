-- The console's audit page (issue 8): newest first, filtered by event type, actor or outcome, a page at a time
-- (keyset on leaf_index: "... AND leaf_index < ? ORDER BY leaf_index DESC LIMIT n"). Each index serves one filter
-- without reading the rows it skips; the time filter uses audit_event_time (V2), the unfiltered view the unique
-- leaf_index (V3). Portable SQL: H2 2.x and PostgreSQL 15.
CREATE INDEX audit_event_browse_type ON audit_event (event_type, leaf_index);
CREATE INDEX audit_event_browse_actor ON audit_event (actor, leaf_index);
CREATE INDEX audit_event_browse_outcome ON audit_event (outcome, leaf_index);
