package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/** RegistrationResponse (RFC 9807 §5.1): the evaluated element and the server public key. Noe + Npk bytes. */
public record RegistrationResponse(Suite suite, GroupElement evaluatedMessage, GroupElement serverPublicKey) {
    public RegistrationResponse {
        MessageReader.requireGroup(suite, evaluatedMessage, "evaluated message");
        MessageReader.requireGroup(suite, serverPublicKey, "server public key");
    }

    public byte[] serialize() {
        return Bytes.concat(evaluatedMessage.toByteArray(), serverPublicKey.toByteArray());
    }

    public static RegistrationResponse deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.registrationResponseLength(), "RegistrationResponse");
        return new RegistrationResponse(suite, r.element(), r.element());
    }
}
