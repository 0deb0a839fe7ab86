package org.bkv.ejb.application;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The {@code bkv-audit} public key as people compare it: PEM "PUBLIC KEY" (SubjectPublicKeyInfo) and the hex SHA-256
 * of the SubjectPublicKeyInfo, the fingerprint {@code bkv audit verify} prints (docs/AUDIT.md §3). Public by nature.
 */
public record AuditKey(String pem, String fingerprint) implements Serializable {

    public static AuditKey of(byte[] spki) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki);
        try {
            return new AuditKey("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n",
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
