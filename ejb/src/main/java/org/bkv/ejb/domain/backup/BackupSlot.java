package org.bkv.ejb.domain.backup;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A backup slot: who may use it (the hash of the storage token, and the record id of the authenticated client that
 * created it under client authentication JWT) and its current copy, if any. {@code generation} is the number of
 * copies ever stored; the current copy is that generation.
 */
public record BackupSlot(BackupId id, String tokenHash, long generation, Optional<StoredCopy> current, Instant createdAt,
                         Optional<String> ownerId) {

    /** Bound to nobody, or to this owner (constant time). */
    public boolean admitsOwner(String presentedOwnerId) {
        return ownerId.isEmpty() || presentedOwnerId != null && MessageDigest.isEqual(
                ownerId.get().getBytes(StandardCharsets.US_ASCII), presentedOwnerId.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant time over the hashes. */
    public boolean authorises(String presentedTokenHash) {
        return presentedTokenHash != null && MessageDigest.isEqual(tokenHash.getBytes(StandardCharsets.US_ASCII),
                presentedTokenHash.getBytes(StandardCharsets.US_ASCII));
    }
}
