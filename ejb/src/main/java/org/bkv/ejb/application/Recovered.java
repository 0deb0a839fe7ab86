package org.bkv.ejb.application;

import java.time.Duration;

/** Answer to a valid KE3: the client's sealed backup key and a session token for this record. */
public record Recovered(byte[] sealedBackupKey, String sessionToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "Recovered[" + sealedBackupKey.length + " bytes, expires in " + expiresIn + "]";
    }
}
