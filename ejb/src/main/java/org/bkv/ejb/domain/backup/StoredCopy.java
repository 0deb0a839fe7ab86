package org.bkv.ejb.domain.backup;

import java.time.Instant;

/** One complete, verified copy of a backup: its generation in the slot, length and SHA-256 (lowercase hex). */
public record StoredCopy(long generation, long length, String sha256, Instant storedAt) {
}
