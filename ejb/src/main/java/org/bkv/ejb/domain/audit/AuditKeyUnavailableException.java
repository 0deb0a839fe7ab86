package org.bkv.ejb.domain.audit;

import jakarta.ejb.ApplicationException;

/** The audit key cannot be used right now: the HSM is unavailable (HTTP 503). The message names no secret. */
@ApplicationException(rollback = true)
public class AuditKeyUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
