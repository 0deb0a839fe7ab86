package org.bkv.ejb.domain.audit;

import java.io.Serializable;
import java.time.Instant;

/** One sequenced audit event as the console lists it: its columns, never its entry bytes or hashes. */
public record AuditRow(long leafIndex, Instant at, String type, String actorKind, String actor, String outcome,
                       String node, String subject, String detail) implements Serializable {
}
