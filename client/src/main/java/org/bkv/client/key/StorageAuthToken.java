package org.bkv.client.key;

import org.bkv.opaque.Base64Url;
import javax.security.auth.Destroyable;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The bearer token that authorises {@code PUT/GET/HEAD /api/v1/backups/{backupId}} (DESIGN §4.3):
 * {@code HKDF-SHA256(ikm = backupKey, salt = none, info = "BKV storage auth")}, 32 bytes. The salt is
 * absent, i.e. RFC 5869's HashLen zero bytes (an empty salt gives the same result): the token must be
 * re-derivable from the backup key alone, on any device. The server keeps only its hash.
 */
public final class StorageAuthToken implements Destroyable {

    /** HKDF info string of the derivation. */
    public static final String INFO = "BKV storage auth";
    /** Token length in bytes. */
    public static final int LENGTH_BYTES = 32;

    private final byte[] token;
    private volatile boolean destroyed;

    private StorageAuthToken(byte[] ownedToken) {
        this.token = ownedToken;
    }

    /** Derives the storage auth token of {@code backupKey}. */
    public static StorageAuthToken derive(BackupKey backupKey) {
        return new StorageAuthToken(backupKey.derive(null, INFO, LENGTH_BYTES));
    }

    /** The token as sent in {@code Authorization: Bearer <value>}: base64url without padding (43 chars). */
    public String bearerValue() {
        return Base64Url.encode(live());
    }

    /** A copy of the 32 token bytes; the caller zeroes it. */
    public byte[] toBytes() {
        return live().clone();
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    public boolean matches(byte[] presented) {
        return presented != null && MessageDigest.isEqual(live(), presented);
    }

    private byte[] live() {
        if (destroyed) {
            throw new IllegalStateException("the storage auth token was destroyed");
        }
        return token;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(token, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return destroyed ? "StorageAuthToken[destroyed]" : "StorageAuthToken[not shown]";
    }
}
