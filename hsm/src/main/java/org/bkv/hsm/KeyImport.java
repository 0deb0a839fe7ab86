package org.bkv.hsm;

/**
 * Bringing known key material into the token: test vectors and migration only. Imported keys report
 * CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE false, so an audit can tell them from generated keys.
 * Nothing here ever returns key material.
 */
public interface KeyImport {

    /** Wraps a given OPRF scalar (32 bytes, big-endian, in [1, n-1]) under {@code bkv-kek}, as {@link OprfKeys#generate()} would. */
    WrappedOprfKey wrapOprfKey(byte[] scalar);

    /**
     * Stores a given P-256 scalar as the token key {@code key} (an EC key: {@link HsmKey#AKE_P256} or
     * {@link HsmKey#AUDIT}), sensitive and non-extractable. Fails if the token already has that key.
     */
    void importEcKey(HsmKey key, byte[] scalar);
}
