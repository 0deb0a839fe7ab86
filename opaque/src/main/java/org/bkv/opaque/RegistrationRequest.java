package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;

/** RegistrationRequest (RFC 9807 §5.1): the client's blinded password. Noe bytes. */
public record RegistrationRequest(Suite suite, GroupElement blindedMessage) {
    public RegistrationRequest {
        MessageReader.requireGroup(suite, blindedMessage, "blinded message");
    }

    public byte[] serialize() {
        return blindedMessage.toByteArray();
    }

    public static RegistrationRequest deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.registrationRequestLength(), "RegistrationRequest");
        return new RegistrationRequest(suite, r.element());
    }
}
