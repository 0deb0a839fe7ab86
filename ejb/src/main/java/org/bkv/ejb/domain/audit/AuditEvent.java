package org.bkv.ejb.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit event. Never holds a secret or a full identifier: {@code subject} is at most a short
 * prefix of a record id, {@code detail} a fixed phrase with non-secret numbers.
 */
public record AuditEvent(AuditEventType type, Instant at, Optional<String> subject, String actor, String detail) {

    public static final int MAX_DETAIL = 512;

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
    }

    public static AuditEvent of(AuditEventType type, Instant at, String subject, String detail) {
        return new AuditEvent(type, at, Optional.ofNullable(subject), "client", detail);
    }
}
