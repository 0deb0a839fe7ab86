/**
 * The audit log's store (V3__audit_log.sql, docs/AUDIT.md §6): {@link org.bkv.ejb.infrastructure.audit.JpaAuditLog}
 * writes each event in the caller's transaction, {@link org.bkv.ejb.infrastructure.audit.AuditSequencer} gives committed
 * events their leaf indexes and signs tree heads, {@link org.bkv.ejb.infrastructure.audit.JdbcAuditStore} and
 * {@link org.bkv.ejb.infrastructure.audit.AuditExports} read proofs and exports from the stored subtree hashes.
 */
package org.bkv.ejb.infrastructure.audit;
