package org.bkv.ejb.application;

import java.time.Instant;
import org.bkv.ejb.domain.vault.RecordState;

/**
 * What the console may show of a record: no key material, no identifier, only the id's 8-character prefix.
 * {@code recordId} (the HMAC id, as stored) is the handle the console keeps server-side for a later delete;
 * it is never rendered.
 */
public record RecordSummary(String recordId, String idPrefix, String suite, RecordState state, int attempts, int maxAttempts,
                            long version, Instant createdAt, Instant updatedAt) {
}
