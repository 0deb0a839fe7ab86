package org.bkv.opaque;

import java.security.SecureRandom;
import java.util.function.BiConsumer;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/**
 * Client registration state between {@link #start} and {@link #finish} (RFC 9807 §5.2): the OPRF blind and
 * the blinded element. The password is passed again to {@code finish}, as in opaque-ke; it is never stored.
 */
public record ClientRegistration(Suite suite, byte[] blind, GroupElement blindedElement) {

    public ClientRegistration {
        MessageReader.requireLength(blind, suite.nok(), "blind");
        MessageReader.requireGroup(suite, blindedElement, "blinded element");
        blind = blind.clone();
    }

    /** Result of {@link #start}: the message for the server and the state to keep. */
    public record Start(RegistrationRequest message, ClientRegistration state) {
    }

    /** Result of {@link #finish}: the record to upload, the export key (Nh bytes) and the server key it is bound to. */
    public record Finish(RegistrationRecord message, byte[] exportKey, GroupElement serverPublicKey) {
    }

    /** CreateRegistrationRequest(password). */
    public static Start start(Suite suite, byte[] password, SecureRandom random) throws OpaqueException {
        byte[] blind = suite.group().randomScalar(random);
        try {
            return start(suite, password, blind);
        } finally {
            Bytes.zero(blind);
        }
    }

    static Start start(Suite suite, byte[] password, byte[] blind) throws OpaqueException {
        var blinded = suite.oprf().blind(password, blind);
        ClientRegistration state = new ClientRegistration(suite, blind, blinded.blindedElement());
        return new Start(new RegistrationRequest(suite, blinded.blindedElement()), state);
    }

    /** FinalizeRegistrationRequest(password, blind, response, server_identity, client_identity). */
    public Finish finish(byte[] password, RegistrationResponse response, Ksf ksf, ProtocolOptions options,
                         SecureRandom random) throws OpaqueException {
        byte[] envelopeNonce = new byte[Suite.NN];
        random.nextBytes(envelopeNonce);
        return finish(password, response, ksf, options, envelopeNonce, null);
    }

    Finish finish(byte[] password, RegistrationResponse response, Ksf ksf, ProtocolOptions options,
                  byte[] envelopeNonce, BiConsumer<String, byte[]> trace) throws OpaqueException {
        Opaque3dh.requireSameSuite(suite, response.suite(), "registration response");
        byte[] oprfOutput = suite.oprf().finalize(password, blind, response.evaluatedMessage());
        byte[] randomizedPassword = Opaque3dh.randomizedPassword(suite, oprfOutput, ksf);
        Bytes.zero(oprfOutput);
        Opaque3dh.EnvelopeKeys keys = null;
        try {
            Opaque3dh.trace(trace, "randomized_password", randomizedPassword);
            byte[] maskingKey = suite.hash().expand(randomizedPassword, Opaque3dh.MASKING_KEY, suite.nh());
            keys = Opaque3dh.envelopeKeys(suite, randomizedPassword, envelopeNonce);
            byte[] serverPk = response.serverPublicKey().toByteArray();
            byte[] clientPk = keys.clientPublicKey().toByteArray();
            byte[] cleartext = Opaque3dh.cleartextCredentials(serverPk, clientPk, options);
            byte[] tag = Opaque3dh.envelopeTag(suite, keys.authKey(), envelopeNonce, cleartext);
            Envelope envelope = new Envelope(envelopeNonce, tag);
            Opaque3dh.trace(trace, "masking_key", maskingKey);
            Opaque3dh.trace(trace, "auth_key", keys.authKey());
            Opaque3dh.trace(trace, "client_public_key", clientPk);
            Opaque3dh.trace(trace, "envelope", envelope.serialize());
            RegistrationRecord record = new RegistrationRecord(suite, keys.clientPublicKey(), maskingKey, envelope);
            Bytes.zero(maskingKey);
            return new Finish(record, keys.exportKey(), response.serverPublicKey());
        } finally {
            Bytes.zero(randomizedPassword);
            if (keys != null) {
                Bytes.zero(keys.authKey(), keys.clientPrivateKey());
            }
        }
    }

    @Override
    public byte[] blind() {
        return blind.clone();
    }

    /** blind (Nok) ‖ blinded element (Noe). Contains a secret: store it only sealed. */
    public byte[] serialize() {
        return Bytes.concat(blind, blindedElement.toByteArray());
    }

    public static ClientRegistration deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.nok() + suite.noe(), "ClientRegistration");
        byte[] blind = r.scalar();
        try {
            return new ClientRegistration(suite, blind, r.element());
        } finally {
            Bytes.zero(blind);
        }
    }

    @Override
    public String toString() {
        return "ClientRegistration[" + suite.wireName() + "]";
    }
}
