package org.bkv.opaque;

import org.bkv.opaque.internal.Bytes;

/** Envelope (RFC 9807 §4.1.1): envelope nonce (Nn) and auth tag (Nm). */
public record Envelope(byte[] nonce, byte[] authTag) {
    public Envelope {
        if (nonce == null || nonce.length != Suite.NN) {
            throw new IllegalArgumentException("envelope nonce must be " + Suite.NN + " bytes");
        }
        if (authTag == null || (authTag.length != 32 && authTag.length != 64)) {
            throw new IllegalArgumentException("envelope auth tag must be Nm bytes");
        }
        nonce = nonce.clone();
        authTag = authTag.clone();
    }

    /** The all-zero envelope of a fake record (RFC 9807 §6.3.2.2). */
    public static Envelope zero(Suite suite) {
        return new Envelope(new byte[Suite.NN], new byte[suite.nm()]);
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] authTag() {
        return authTag.clone();
    }

    public byte[] serialize() {
        return Bytes.concat(nonce, authTag);
    }

    public static Envelope deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.ne(), "Envelope");
        return new Envelope(r.bytes(Suite.NN), r.bytes(suite.nm()));
    }
}
