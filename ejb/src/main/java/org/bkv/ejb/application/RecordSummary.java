package org.bkv.ejb.application;

import java.time.Instant;
import org.bkv.ejb.domain.vault.RecordState;

/** What the console may show of a record: no key material, no identifier, only the id's 8-character prefix. */
public record RecordSummary(String idPrefix, String suite, RecordState state, int attempts, int maxAttempts,
                            long version, Instant createdAt, Instant updatedAt) {
}
