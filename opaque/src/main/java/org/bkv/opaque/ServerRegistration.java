package org.bkv.opaque;

import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.server.OprfKey;
import org.bkv.opaque.server.ServerStaticKey;

/** Server side of registration (RFC 9807 §5.2.2): evaluates the OPRF through an {@link OprfKey}. */
public final class ServerRegistration {
    private ServerRegistration() {
    }

    /** CreateRegistrationResponse with the credential's OPRF key and the server key pair's public half. */
    public static RegistrationResponse start(RegistrationRequest request, OprfKey oprfKey, ServerStaticKey serverKey)
            throws OpaqueException {
        Opaque3dh.requireSameSuite(request.suite(), serverKey.suite(), "server key");
        return start(request, oprfKey, serverKey.publicKey());
    }

    /** CreateRegistrationResponse with the credential's OPRF key and the server public key. */
    public static RegistrationResponse start(RegistrationRequest request, OprfKey oprfKey, GroupElement serverPublicKey)
            throws OpaqueException {
        Suite suite = request.suite();
        Opaque3dh.requireSameSuite(suite, oprfKey.suite(), "OPRF key");
        GroupElement evaluated = suite.group().requireElement(oprfKey.blindEvaluate(request.blindedMessage()));
        return new RegistrationResponse(suite, evaluated, suite.group().requireElement(serverPublicKey));
    }
}
