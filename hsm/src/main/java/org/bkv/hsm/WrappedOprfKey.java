package org.bkv.hsm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A per-record P-256 OPRF key as stored in the database: the private key wrapped under {@code bkv-kek} with
 * CKM_AES_KEY_WRAP_PAD (RFC 5649 over PKCS#8), and its public point k·G (SEC1 compressed, 33 bytes).
 * Without the HSM the wrapped bytes are useless; the public point is needed for the full-point recovery.
 */
public final class WrappedOprfKey {
    private final byte[] wrapped;
    private final byte[] publicKey;
    private final org.bouncycastle.math.ec.ECPoint publicPoint;

    public WrappedOprfKey(byte[] wrapped, byte[] publicKey) {
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(publicKey, "publicKey");
        if (wrapped.length < 16 || wrapped.length > 1024) {
            throw new IllegalArgumentException("wrapped OPRF key has an implausible length " + wrapped.length);
        }
        this.publicPoint = org.bkv.hsm.ec.P256.decode(publicKey);
        this.wrapped = wrapped.clone();
        this.publicKey = publicKey.clone();
    }

    public byte[] wrapped() {
        return wrapped.clone();
    }

    /** k·G, SEC1 compressed (33 bytes). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** k·G, decoded once. */
    org.bouncycastle.math.ec.ECPoint publicPoint() {
        return publicPoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedOprfKey w && Arrays.equals(wrapped, w.wrapped) && Arrays.equals(publicKey, w.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "WrappedOprfKey[" + wrapped.length + " bytes]";
    }
}
