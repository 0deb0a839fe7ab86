package org.bkv.hsm;

/**
 * AES-256-GCM with {@code bkv-kek}: seals records, login state and software keys. Output is
 * IV (12 bytes, random) ‖ ciphertext ‖ tag (16 bytes); the AAD binds the context (record id, purpose, version).
 */
public interface Kek {
    int IV_BYTES = 12;
    int TAG_BYTES = 16;

    /** @param plaintext 1 byte or more (PKCS#11 modules reject empty input) @param aad may be null or empty */
    byte[] seal(byte[] plaintext, byte[] aad);

    /** @throws HsmIntegrityException wrong AAD, modified or truncated input, or another KEK */
    byte[] open(byte[] sealed, byte[] aad);
}
