package org.bkv.web.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The SDK's sealing of the backup key under the export key (DESIGN §4.2), for tests that act as a client. */
public final class Seal {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] WRAP_INFO = "BKV backup key wrap".getBytes(StandardCharsets.US_ASCII);

    private Seal() {
    }

    public static byte[] seal(byte[] exportKey, byte[] backupKey) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrapKey(exportKey), "AES"), new GCMParameterSpec(128, iv));
        byte[] ct = gcm.doFinal(backupKey);
        byte[] out = Arrays.copyOf(iv, 12 + ct.length);
        System.arraycopy(ct, 0, out, 12, ct.length);
        return out;
    }

    public static byte[] open(byte[] exportKey, byte[] sealed) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrapKey(exportKey), "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        return gcm.doFinal(sealed, 12, sealed.length - 12);
    }

    private static byte[] wrapKey(byte[] exportKey) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(exportKey);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(WRAP_INFO);
        mac.update((byte) 1);
        return mac.doFinal();
    }
}
