/**
 * Load generator for the audit log: events appended through the production JpaAuditLog while the production
 * sequencer assigns indexes and signs tree heads with bkv-audit in SoftHSM.
 */
package org.bkv.benchmarks.audit;
