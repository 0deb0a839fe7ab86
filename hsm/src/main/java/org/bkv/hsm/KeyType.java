package org.bkv.hsm;

/** Kinds of long-term keys BKV keeps in the token. */
public enum KeyType {
    /** AES-256 secret key (CKK_AES, 32 bytes). */
    AES_256,
    /** EC key pair on P-256 (CKK_EC, secp256r1). */
    EC_P256,
    /** Generic secret used with CKM_SHA256_HMAC (CKK_GENERIC_SECRET, 32 bytes). */
    HMAC_SHA256
}
