package org.bkv.ejb.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bkv.opaque.Base64Url;

/** Random ids for registrations and logins, session tokens, and the hashes under which tokens are stored. */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** 128 random bits, base64url (22 characters): registration and login ids. */
    static String newId() {
        return random(16);
    }

    /** 256 random bits, base64url (43 characters). */
    static String newSessionToken() {
        return random(32);
    }

    /** SHA-256 of the token, base64url: what the database keeps. */
    static String hash(String token) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Shape check before any lookup, so garbage never reaches the database. */
    static boolean wellFormedId(String id) {
        return id != null && id.length() == 22 && id.chars().allMatch(Tokens::base64url);
    }

    private static boolean base64url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64Url.encode(b);
    }
}
