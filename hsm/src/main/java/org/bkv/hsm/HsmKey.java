package org.bkv.hsm;

import java.util.Arrays;
import java.util.Optional;

/** The long-term token keys of DESIGN §5, found by label. Per-record OPRF keys are not token keys. */
public enum HsmKey {
    /** Wraps per-record OPRF keys; seals records, login state and the software suite keys (AES-GCM). */
    KEK("bkv-kek", KeyType.AES_256),
    /** OPAQUE 3DH server static key (ECDH derive only). */
    AKE_P256("bkv-ake-p256", KeyType.EC_P256),
    /** Identifier to stored id, and the fake-record seed (HMAC-SHA256 sign only). */
    ID_MAC("bkv-id-mac", KeyType.HMAC_SHA256),
    /** Signs audit tree heads and ceremony transcripts (ECDSA sign only; public key exported for verifiers). */
    AUDIT("bkv-audit", KeyType.EC_P256);

    private final String label;
    private final KeyType type;

    HsmKey(String label, KeyType type) {
        this.label = label;
        this.type = type;
    }

    public String label() {
        return label;
    }

    public KeyType type() {
        return type;
    }

    public static Optional<HsmKey> byLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }
}
