package org.bkv.opaque;

/** KE3 (RFC 9807 §6.1): the client MAC (Nm bytes). */
public record KE3(Suite suite, byte[] clientMac) {
    public KE3 {
        if (suite == null) {
            throw new IllegalArgumentException("no suite");
        }
        MessageReader.requireLength(clientMac, suite.nm(), "client MAC");
        clientMac = clientMac.clone();
    }

    @Override
    public byte[] clientMac() {
        return clientMac.clone();
    }

    public byte[] serialize() {
        return clientMac.clone();
    }

    public static KE3 deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.ke3Length(), "KE3");
        return new KE3(suite, r.bytes(suite.nm()));
    }
}
