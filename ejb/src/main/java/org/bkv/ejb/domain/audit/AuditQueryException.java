package org.bkv.ejb.domain.audit;

import jakarta.ejb.ApplicationException;

/**
 * An auditor's question the log cannot answer as asked: a malformed range or size (HTTP 400), or a tree size or
 * leaf index the log has not reached (404). Messages name only numbers.
 */
@ApplicationException(rollback = true)
public class AuditQueryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean notFound;

    private AuditQueryException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** The parameters contradict each other or the rules (negative, from after to, index outside the tree). */
    public static AuditQueryException invalid(String message) {
        return new AuditQueryException(message, false);
    }

    /** The log has not (yet) reached this size or index. */
    public static AuditQueryException notFound(String message) {
        return new AuditQueryException(message, true);
    }

    /** The HTTP status the API answers with: 404 or 400. */
    public int httpStatus() {
        return notFound ? 404 : 400;
    }
}
