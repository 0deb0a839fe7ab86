package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/** KE1 (RFC 9807 §6.1): credential request (blinded message) and auth request (client nonce, client keyshare). */
public record KE1(Suite suite, GroupElement blindedMessage, byte[] clientNonce, GroupElement clientPublicKeyshare) {
    public KE1 {
        MessageReader.requireGroup(suite, blindedMessage, "blinded message");
        MessageReader.requireLength(clientNonce, Suite.NN, "client nonce");
        MessageReader.requireGroup(suite, clientPublicKeyshare, "client public keyshare");
        clientNonce = clientNonce.clone();
    }

    @Override
    public byte[] clientNonce() {
        return clientNonce.clone();
    }

    public byte[] serialize() {
        return Bytes.concat(blindedMessage.toByteArray(), clientNonce, clientPublicKeyshare.toByteArray());
    }

    public static KE1 deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.ke1Length(), "KE1");
        return new KE1(suite, r.element(), r.bytes(Suite.NN), r.element());
    }
}
