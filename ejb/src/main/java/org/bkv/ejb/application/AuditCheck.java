package org.bkv.ejb.application;

import java.io.Serializable;
import java.time.Instant;

/** The result of "Verify now": passed or not, and what was checked or what failed, in one sentence. */
public record AuditCheck(boolean passed, String summary, Instant checkedAt) implements Serializable {
}
