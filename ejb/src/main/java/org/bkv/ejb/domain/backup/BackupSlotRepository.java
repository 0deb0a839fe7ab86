package org.bkv.ejb.domain.backup;

import java.time.Instant;
import java.util.Optional;

/** Backup slots; writes happen in the caller's transaction together with their audit event. */
public interface BackupSlotRepository {

    Optional<BackupSlot> find(BackupId id);

    Optional<BackupSlot> findForUpdate(BackupId id);

    /** Inserts a new empty slot, bound to {@code ownerId} if not null; false when the id is taken (also concurrently). */
    boolean create(BackupId id, String tokenHash, String ownerId, Instant now);

    /** Makes {@code copy} current if the slot is still at {@code copy.generation() - 1}; false if someone got there first. */
    boolean advance(BackupId id, StoredCopy copy);

    boolean delete(BackupId id);
}
