package org.bkv.ejb.infrastructure.audit;

import jakarta.ejb.ApplicationException;

/** The audit store cannot answer: the database failed, or a row the log needs is missing (damage or tampering). */
@ApplicationException(rollback = true)
public class AuditStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditStoreException(String message) {
        super(message);
    }

    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
