package org.bkv.ejb.domain.vault;

import java.time.Instant;
import java.util.Optional;

/** Pending registrations: created at start, removed by finish (once) or by the purge after their TTL. */
public interface PendingRegistrationRepository {

    void add(PendingRegistration registration);

    Optional<PendingRegistration> find(String id);

    /** Removes it if it is still there and unexpired; false when another finish or the purge was first. */
    boolean take(String id, Instant now);

    int purgeExpired(Instant now);
}
