package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/** KE2 (RFC 9807 §6.1): credential response and auth response (server nonce, server keyshare, server MAC). */
public record KE2(Suite suite, CredentialResponse credentialResponse, byte[] serverNonce,
                  GroupElement serverPublicKeyshare, byte[] serverMac) {
    public KE2 {
        if (credentialResponse == null || credentialResponse.suite() != suite) {
            throw new IllegalArgumentException("credential response does not match the suite");
        }
        MessageReader.requireLength(serverNonce, Suite.NN, "server nonce");
        MessageReader.requireGroup(suite, serverPublicKeyshare, "server public keyshare");
        MessageReader.requireLength(serverMac, suite.nm(), "server MAC");
        serverNonce = serverNonce.clone();
        serverMac = serverMac.clone();
    }

    @Override
    public byte[] serverNonce() {
        return serverNonce.clone();
    }

    @Override
    public byte[] serverMac() {
        return serverMac.clone();
    }

    public byte[] serialize() {
        return Bytes.concat(credentialResponse.serialize(), serverNonce, serverPublicKeyshare.toByteArray(), serverMac);
    }

    public static KE2 deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.ke2Length(), "KE2");
        CredentialResponse cr = new CredentialResponse(suite, r.element(), r.bytes(Suite.NN), r.bytes(suite.npk() + suite.ne()));
        return new KE2(suite, cr, r.bytes(Suite.NN), r.element(), r.bytes(suite.nm()));
    }
}
