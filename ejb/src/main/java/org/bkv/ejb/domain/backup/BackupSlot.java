package org.bkv.ejb.domain.backup;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A backup slot: who may use it (the hash of the storage token) and its current copy, if any. {@code generation} is
 * the number of copies ever stored; the current copy is that generation.
 */
public record BackupSlot(BackupId id, String tokenHash, long generation, Optional<StoredCopy> current, Instant createdAt) {

    /** Constant time over the hashes. */
    public boolean authorises(String presentedTokenHash) {
        return presentedTokenHash != null && MessageDigest.isEqual(tokenHash.getBytes(StandardCharsets.US_ASCII),
                presentedTokenHash.getBytes(StandardCharsets.US_ASCII));
    }
}
