package org.bkv.opaque;

import java.security.SecureRandom;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/**
 * RegistrationRecord (RFC 9807 §5.1, "registration upload"): client public key (Npk), masking key (Nh) and
 * envelope (Ne). Stored by the server. {@link #fake} builds the records used for unknown identifiers.
 */
public record RegistrationRecord(Suite suite, GroupElement clientPublicKey, byte[] maskingKey, Envelope envelope) {
    public RegistrationRecord {
        MessageReader.requireGroup(suite, clientPublicKey, "client public key");
        MessageReader.requireLength(maskingKey, suite.nh(), "masking key");
        if (envelope == null || envelope.authTag().length != suite.nm()) {
            throw new IllegalArgumentException("envelope does not match the suite");
        }
        maskingKey = maskingKey.clone();
    }

    /**
     * A fake record for an unknown identifier (RFC 9807 §6.3.2.2): the given client public key and masking
     * key, and an all-zero envelope. Callers derive both deterministically from a secret seed and the
     * identifier so that the same unknown identifier always gets consistent responses.
     */
    public static RegistrationRecord fake(Suite suite, GroupElement fakeClientPublicKey, byte[] maskingKey) {
        return new RegistrationRecord(suite, fakeClientPublicKey, maskingKey, Envelope.zero(suite));
    }

    /** A fake record with a random client key pair and a random masking key (the RFC's software path). */
    public static RegistrationRecord randomFake(Suite suite, SecureRandom random) throws OpaqueException {
        byte[] sk = suite.group().randomScalar(random);
        byte[] maskingKey = new byte[suite.nh()];
        random.nextBytes(maskingKey);
        try {
            return fake(suite, suite.group().multiplyGenerator(sk), maskingKey);
        } finally {
            Bytes.zero(sk, maskingKey);
        }
    }

    @Override
    public byte[] maskingKey() {
        return maskingKey.clone();
    }

    byte[] maskingKeyNoCopy() {
        return maskingKey;
    }

    public byte[] serialize() {
        return Bytes.concat(clientPublicKey.toByteArray(), maskingKey, envelope.serialize());
    }

    public static RegistrationRecord deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.registrationRecordLength(), "RegistrationRecord");
        GroupElement pk = r.element();
        byte[] maskingKey = r.bytes(suite.nh());
        Envelope envelope = new Envelope(r.bytes(Suite.NN), r.bytes(suite.nm()));
        return new RegistrationRecord(suite, pk, maskingKey, envelope);
    }
}
