package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/** CredentialResponse (RFC 9807 §5.1): evaluated element, masking nonce, masked (server public key ‖ envelope). */
public record CredentialResponse(Suite suite, GroupElement evaluatedMessage, byte[] maskingNonce, byte[] maskedResponse) {
    public CredentialResponse {
        MessageReader.requireGroup(suite, evaluatedMessage, "evaluated message");
        MessageReader.requireLength(maskingNonce, Suite.NN, "masking nonce");
        MessageReader.requireLength(maskedResponse, suite.npk() + suite.ne(), "masked response");
        maskingNonce = maskingNonce.clone();
        maskedResponse = maskedResponse.clone();
    }

    @Override
    public byte[] maskingNonce() {
        return maskingNonce.clone();
    }

    @Override
    public byte[] maskedResponse() {
        return maskedResponse.clone();
    }

    public byte[] serialize() {
        return Bytes.concat(evaluatedMessage.toByteArray(), maskingNonce, maskedResponse);
    }
}
