package org.bkv.hsm;

/** HMAC-SHA256 with {@code bkv-id-mac}: identifier to stored record id, and the fake-record seed. */
public interface IdentifierMac {

    /** HMAC-SHA256(bkv-id-mac, data): 32 bytes. Compare results with MessageDigest.isEqual only. */
    byte[] mac(byte[] data);
}
