package org.bkv.client.key;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The {@code sealedBackupKey} the vault stores for a record (DESIGN §4.2): the backup key encrypted
 * with AES-256-GCM under {@code HKDF-SHA256(ikm = export_key, salt = none, info = "BKV backup key wrap")}.
 * Only someone who completes an OPAQUE login (and so learns {@code export_key}) can open it.
 *
 * <p>Layout: 12-byte random nonce ‖ 32-byte ciphertext ‖ 16-byte tag = {@value #SEALED_LENGTH}
 * bytes (the server accepts up to 1 KiB). No associated data.
 */
public final class BackupKeySeal {

    /** HKDF info string of the wrap key. */
    public static final String WRAP_KEY_INFO = "BKV backup key wrap";
    /** Length of a sealed key in bytes. */
    public static final int SEALED_LENGTH = 12 + BackupKey.LENGTH_BYTES + 16;
    /** Shortest export key accepted (OPAQUE's export_key is Nh bytes: 32 or 64). */
    public static final int MIN_EXPORT_KEY_LENGTH = 32;

    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupKeySeal() {
    }

    /** Seals {@code backupKey} under {@code exportKey}, with a fresh random nonce. */
    public static byte[] seal(byte[] exportKey, BackupKey backupKey) {
        return seal(exportKey, backupKey, RANDOM);
    }

    static byte[] seal(byte[] exportKey, BackupKey backupKey, SecureRandom random) {
        byte[] sealed = new byte[SEALED_LENGTH];
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 0, NONCE_LENGTH);
        try {
            Cipher aes = wrapCipher(Cipher.ENCRYPT_MODE, exportKey, nonce);
            aes.doFinal(backupKey.bits(), 0, BackupKey.LENGTH_BYTES, sealed, NONCE_LENGTH);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    /**
     * Opens a sealed backup key.
     *
     * @throws BackupKeySealException when {@code sealed} has the wrong length, was modified, or was
     *                                sealed under another export key
     */
    public static BackupKey open(byte[] exportKey, byte[] sealed) throws BackupKeySealException {
        if (sealed == null || sealed.length != SEALED_LENGTH) {
            throw new BackupKeySealException("a sealed backup key is " + SEALED_LENGTH + " bytes; got "
                    + (sealed == null ? "none" : sealed.length + " bytes"));
        }
        byte[] nonce = Arrays.copyOf(sealed, NONCE_LENGTH);
        byte[] keyBits = new byte[BackupKey.LENGTH_BYTES];
        try {
            Cipher aes = wrapCipher(Cipher.DECRYPT_MODE, exportKey, nonce);
            aes.doFinal(sealed, NONCE_LENGTH, SEALED_LENGTH - NONCE_LENGTH, keyBits, 0);
            return BackupKey.fromBytes(keyBits);
        } catch (AEADBadTagException e) {
            throw new BackupKeySealException(
                    "the sealed backup key did not authenticate: wrong export key, or it was modified");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        } finally {
            Arrays.fill(keyBits, (byte) 0);
        }
    }

    private static Cipher wrapCipher(int mode, byte[] exportKey, byte[] nonce) throws GeneralSecurityException {
        if (exportKey == null || exportKey.length < MIN_EXPORT_KEY_LENGTH) {
            throw new IllegalArgumentException("an export key is at least " + MIN_EXPORT_KEY_LENGTH + " bytes");
        }
        byte[] wrapKey = Hkdf.sha256(exportKey, null, WRAP_KEY_INFO, 32);
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(mode, new SecretKeySpec(wrapKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            return aes;
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }
}
