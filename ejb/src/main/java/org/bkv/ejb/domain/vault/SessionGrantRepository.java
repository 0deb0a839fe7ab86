package org.bkv.ejb.domain.vault;

import java.time.Instant;
import java.util.Optional;

/** Session grants from successful recoveries, stored by token hash. */
public interface SessionGrantRepository {

    void add(SessionGrant grant);

    Optional<SessionGrant> findByTokenHash(String tokenHash);

    void removeForRecord(RecordId id);

    int purgeExpired(Instant now);
}
