package org.bkv.hsm;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Public facts about one token key: label, type, a stable fingerprint, the day it was created (when the token
 * recorded it) and, for EC keys, the public key.
 * Fingerprint: SHA-256 (hex) of the SubjectPublicKeyInfo DER for EC keys; for AES and HMAC keys a key check
 * value computed inside the HSM over a fixed constant (32 hex digits), which identifies the key without revealing it.
 */
public final class KeyInfo {
    private final String label;
    private final KeyType type;
    private final String fingerprint;
    private final byte[] publicKeySpki;
    private final LocalDate created;

    /** A key whose creation date is not recorded. */
    public KeyInfo(String label, KeyType type, String fingerprint, byte[] publicKeySpki) {
        this(label, type, fingerprint, publicKeySpki, null);
    }

    /** @param created the UTC day the key was created, or null when the token does not record it */
    public KeyInfo(String label, KeyType type, String fingerprint, byte[] publicKeySpki, LocalDate created) {
        this.label = Objects.requireNonNull(label, "label");
        this.type = Objects.requireNonNull(type, "type");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.publicKeySpki = publicKeySpki == null ? null : publicKeySpki.clone();
        this.created = created;
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

    /**
     * The UTC day the key was created (PKCS#11 CK_DATE granularity), as BKV recorded it when it provisioned the key;
     * empty for keys created elsewhere or before BKV recorded dates (imported, restored, older tokens). Informational:
     * the token does not enforce or attest it.
     */
    public Optional<LocalDate> created() {
        return Optional.ofNullable(created);
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
                && Arrays.equals(publicKeySpki, k.publicKeySpki) && Objects.equals(created, k.created);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, type, fingerprint);
    }

    @Override
    public String toString() {
        return "KeyInfo[" + label + ", " + type + ", " + fingerprint + ", created " + (created == null ? "not recorded" : created) + "]";
    }
}
