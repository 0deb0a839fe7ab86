package org.bkv.client.sdk;

import org.bkv.client.key.BackupId;

/** A backup object as the appliance stores it: its slot, length in bytes and SHA-256 (lower-case hex). */
public record StoredBackup(BackupId backupId, long length, String sha256) {
}
