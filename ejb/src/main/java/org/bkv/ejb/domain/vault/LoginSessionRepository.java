package org.bkv.ejb.domain.vault;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Server-side login state (DESIGN §10: in the database, never one node's memory). */
public interface LoginSessionRepository {

    void add(LoginSession login);

    Optional<LoginSession> find(String id);

    /** Marks it used if it was unused and unexpired: exactly one caller can ever get true. */
    boolean markUsed(String id, Instant now);

    /** Records having counted logins that expired unused: candidates for the lockout check. */
    List<RecordId> recordsWithExpiredCountedLogins(Instant now);

    int purgeExpired(Instant now);
}
