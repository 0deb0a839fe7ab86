package org.bkv.hsm;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Public facts about one token key: label, type, a stable fingerprint and, for EC keys, the public key.
 * Fingerprint: SHA-256 (hex) of the SubjectPublicKeyInfo DER for EC keys; for AES and HMAC keys a key check
 * value computed inside the HSM over a fixed constant (32 hex digits), which identifies the key without revealing it.
 */
public final class KeyInfo {
    private final String label;
    private final KeyType type;
    private final String fingerprint;
    private final byte[] publicKeySpki;

    public KeyInfo(String label, KeyType type, String fingerprint, byte[] publicKeySpki) {
        this.label = Objects.requireNonNull(label, "label");
        this.type = Objects.requireNonNull(type, "type");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.publicKeySpki = publicKeySpki == null ? null : publicKeySpki.clone();
    }

    public String label() {
        return label;
    }

    public KeyType type() {
        return type;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** SubjectPublicKeyInfo DER (id-ecPublicKey, prime256v1, uncompressed point) for EC keys. */
    public Optional<byte[]> publicKeySpki() {
        return Optional.ofNullable(publicKeySpki).map(byte[]::clone);
    }

    /** SEC1 compressed public point (33 bytes) for EC keys. */
    public Optional<byte[]> publicKeyCompressed() {
        return Optional.ofNullable(publicKeySpki)
                .map(spki -> org.bkv.hsm.ec.P256.compressed(org.bkv.hsm.ec.P256.fromSpki(spki)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyInfo k && label.equals(k.label) && type == k.type && fingerprint.equals(k.fingerprint)
                && Arrays.equals(publicKeySpki, k.publicKeySpki);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, type, fingerprint);
    }

    @Override
    public String toString() {
        return "KeyInfo[" + label + ", " + type + ", " + fingerprint + "]";
    }
}
