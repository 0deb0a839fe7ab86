package org.bkv.client.sdk;

import org.bkv.client.key.BackupKey;

import java.time.Duration;

/**
 * What a successful {@link BkvClient#recover recovery} returns: the backup key, and a session token (valid
 * for {@code expiresIn}) that authorises replacing or deleting the record. The caller should
 * {@link BackupKey#destroy() destroy} the key when done.
 */
public record RecoveredKey(BackupKey backupKey, SessionToken sessionToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "RecoveredKey[key and token not shown, expiresIn=" + expiresIn + "]";
    }
}
