/**
 * Audit log implementations: for now rows in {@code audit_event} written in the caller's transaction
 * (the tamper-evident Merkle log replaces it with the audit issue).
 */
package org.bkv.ejb.infrastructure.audit;
