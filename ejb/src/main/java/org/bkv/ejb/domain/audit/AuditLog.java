package org.bkv.ejb.domain.audit;

/**
 * Where audit events go. Implementations write in the caller's transaction and throw when they cannot:
 * the operation then rolls back (fail closed, DESIGN §8).
 */
public interface AuditLog {

    void record(AuditEvent event);
}
