-- The audit page reads newest first (ORDER BY ... leaf_index DESC). The appliance runs the H2 that Payara Micro
-- bundles (2.2.224), which cannot read an ascending index backwards: over 1,000,000 events the unfiltered page was a
-- table scan of seconds. Descending indexes serve the same queries on both H2 versions and on PostgreSQL (which scans
-- either direction); they replace V6's ascending ones, so an audit insert maintains one index more than before.
DROP INDEX audit_event_browse_type;
DROP INDEX audit_event_browse_actor;
DROP INDEX audit_event_browse_outcome;
CREATE INDEX audit_event_browse_type ON audit_event (event_type DESC, leaf_index DESC);
CREATE INDEX audit_event_browse_actor ON audit_event (actor DESC, leaf_index DESC);
CREATE INDEX audit_event_browse_outcome ON audit_event (outcome DESC, leaf_index DESC);
CREATE INDEX audit_event_newest ON audit_event (leaf_index DESC);
