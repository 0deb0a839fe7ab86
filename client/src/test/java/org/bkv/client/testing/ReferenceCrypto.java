package org.bkv.client.testing;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The formats recomputed from their specification with plain javax.crypto and a hand-written
 * HKDF (RFC 5869), sharing no code with production: known-answer tests compare against this.
 */
public final class ReferenceCrypto {

    private ReferenceCrypto() {
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** HKDF-SHA256, RFC 5869 §2.2-2.3; empty salt = HashLen zeros. */
    public static byte[] hkdfSha256(byte[] ikm, byte[] salt, String info, int length) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            ByteArrayOutputStream okm = new ByteArrayOutputStream();
            byte[] t = new byte[0];
            for (int i = 1; okm.size() < length; i++) {
                expand.update(t);
                expand.update(info.getBytes(StandardCharsets.UTF_8));
                expand.update((byte) i);
                t = expand.doFinal();
                okm.writeBytes(t);
            }
            return Arrays.copyOf(okm.toByteArray(), length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One-shot AES-256-GCM encryption: ciphertext ‖ tag. */
    public static byte[] aesGcmEncrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            aes.updateAAD(aad);
            return aes.doFinal(plaintext);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One-shot AES-256-GCM decryption of ciphertext ‖ tag. */
    public static byte[] aesGcmDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        aes.updateAAD(aad);
        return aes.doFinal(sealed);
    }

    /** A whole bkv-backup-v1 file, per DESIGN §4.3 and the format notes in BackupCipher. */
    public static byte[] backupFile(byte[] backupKey, int segmentSize, byte[] salt, byte[] noncePrefix, byte[] plaintext) {
        byte[] header = ByteBuffer.allocate(52)
                .put("BKV-BKUP".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putInt(segmentSize)
                .put(salt).put(noncePrefix).array();
        byte[] fileKey = hkdfSha256(backupKey, salt, "BKV backup v1", 32);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(header);
        int segments = Math.max(1, (plaintext.length + segmentSize - 1) / segmentSize);
        for (int i = 0; i < segments; i++) {
            boolean last = i == segments - 1;
            byte[] nonce = ByteBuffer.allocate(12).put(noncePrefix).putInt(i).put((byte) (last ? 1 : 0)).array();
            byte[] segment = Arrays.copyOfRange(plaintext, i * segmentSize, Math.min(plaintext.length, (i + 1) * segmentSize));
            file.writeBytes(aesGcmEncrypt(fileKey, nonce, i == 0 ? header : new byte[0], segment));
        }
        return file.toByteArray();
    }
}
