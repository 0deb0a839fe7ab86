package org.bkv.opaque;

import java.security.SecureRandom;
import java.util.function.BiConsumer;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.group.PrimeOrderGroup;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.internal.HashFunction;

/**
 * Client login state between {@link #start} (KE1) and {@link #finish} (KE3), RFC 9807 §6: the OPRF blind,
 * the client's ephemeral 3DH secret and KE1 as sent. The password is passed again to {@code finish}.
 */
public record ClientLogin(Suite suite, byte[] blind, byte[] clientSecret, KE1 ke1) {

    public ClientLogin {
        MessageReader.requireLength(blind, suite.nok(), "blind");
        MessageReader.requireLength(clientSecret, suite.nsk(), "client secret");
        if (ke1 == null || ke1.suite() != suite) {
            throw new IllegalArgumentException("KE1 does not match the suite");
        }
        blind = blind.clone();
        clientSecret = clientSecret.clone();
    }

    public record Start(KE1 message, ClientLogin state) {
    }

    /**
     * Result of a successful {@link #finish}: KE3 for the server, the session key (Nx), the export key (Nh)
     * and the server public key the envelope was bound to.
     */
    public record Finish(KE3 message, byte[] sessionKey, byte[] exportKey, GroupElement serverPublicKey) {
    }

    /** GenerateKE1(password). */
    public static Start start(Suite suite, byte[] password, SecureRandom random) throws OpaqueException {
        byte[] blind = suite.group().randomScalar(random);
        byte[] nonce = new byte[Suite.NN];
        byte[] seed = new byte[Suite.NSEED];
        random.nextBytes(nonce);
        random.nextBytes(seed);
        try {
            return start(suite, password, blind, nonce, seed);
        } finally {
            Bytes.zero(blind, seed);
        }
    }

    static Start start(Suite suite, byte[] password, byte[] blind, byte[] clientNonce, byte[] clientKeyshareSeed)
            throws OpaqueException {
        var blinded = suite.oprf().blind(password, blind);
        byte[] clientSecret = Opaque3dh.deriveDhPrivateKey(suite, clientKeyshareSeed);
        try {
            GroupElement keyshare = suite.group().multiplyGenerator(clientSecret);
            KE1 ke1 = new KE1(suite, blinded.blindedElement(), clientNonce, keyshare);
            return new Start(ke1, new ClientLogin(suite, blind, clientSecret, ke1));
        } finally {
            Bytes.zero(clientSecret);
        }
    }

    /**
     * GenerateKE3: recovers the envelope and authenticates the server.
     *
     * @throws AuthenticationException on a wrong password (envelope does not open) or a bad server MAC
     */
    public Finish finish(byte[] password, KE2 ke2, Ksf ksf, ProtocolOptions options) throws OpaqueException {
        return finish(password, ke2, ksf, options, null);
    }

    Finish finish(byte[] password, KE2 ke2, Ksf ksf, ProtocolOptions options, BiConsumer<String, byte[]> trace)
            throws OpaqueException {
        Opaque3dh.requireSameSuite(suite, ke2.suite(), "KE2");
        HashFunction h = suite.hash();
        PrimeOrderGroup group = suite.group();
        CredentialResponse response = ke2.credentialResponse();

        byte[] oprfOutput = suite.oprf().finalize(password, blind, response.evaluatedMessage());
        byte[] randomizedPassword = Opaque3dh.randomizedPassword(suite, oprfOutput, ksf);
        Bytes.zero(oprfOutput);
        byte[] maskingKey = h.expand(randomizedPassword, Opaque3dh.MASKING_KEY, suite.nh());
        byte[] pad = Opaque3dh.credentialResponsePad(suite, maskingKey, response.maskingNonce());
        byte[] unmasked = Bytes.xor(pad, response.maskedResponse());
        Bytes.zero(maskingKey, pad);

        Opaque3dh.EnvelopeKeys keys = null;
        try {
            byte[] serverPkBytes = Bytes.slice(unmasked, 0, suite.npk());
            byte[] envelopeNonce = Bytes.slice(unmasked, suite.npk(), Suite.NN);
            byte[] authTag = Bytes.slice(unmasked, suite.npk() + Suite.NN, suite.nm());
            GroupElement serverPublicKey;
            try {
                serverPublicKey = group.deserializeElement(serverPkBytes);
            } catch (InvalidEncodingException e) {
                // A wrong password unmasks garbage: that is an authentication failure, not a format error.
                throw new AuthenticationException("envelope recovery failed");
            }
            keys = Opaque3dh.envelopeKeys(suite, randomizedPassword, envelopeNonce);
            byte[] clientPk = keys.clientPublicKey().toByteArray();
            byte[] cleartext = Opaque3dh.cleartextCredentials(serverPkBytes, clientPk, options);
            byte[] expectedTag = Opaque3dh.envelopeTag(suite, keys.authKey(), envelopeNonce, cleartext);
            if (!HashFunction.macEquals(expectedTag, authTag)) {
                throw new AuthenticationException("envelope recovery failed");
            }

            GroupElement serverKeyshare = ke2.serverPublicKeyshare();
            GroupElement[] dh = group.encodeAll(
                    group.multiply(serverKeyshare, clientSecret),
                    group.multiply(serverPublicKey, clientSecret),
                    group.multiply(serverKeyshare, keys.clientPrivateKey()));
            byte[] ikm = Bytes.concat(dh[0].toByteArray(), dh[1].toByteArray(), dh[2].toByteArray());
            byte[] preamble = Opaque3dh.preamble(options, clientPk, ke1.serialize(), serverPkBytes,
                    response.serialize(), ke2.serverNonce(), serverKeyshare.toByteArray());
            Opaque3dh.Keys ak = Opaque3dh.deriveKeys(suite, ikm, preamble, trace);
            Bytes.zero(ikm);
            try {
                byte[] expectedServerMac = h.hmac(ak.km2(), ak.preambleHash());
                if (!HashFunction.macEquals(expectedServerMac, ke2.serverMac())) {
                    Bytes.zero(ak.sessionKey());
                    throw new AuthenticationException("server authentication failed");
                }
                byte[] clientMac = h.hmac(ak.km3(), h.hash(preamble, expectedServerMac));
                return new Finish(new KE3(suite, clientMac), ak.sessionKey(), keys.exportKey(), serverPublicKey);
            } finally {
                ak.destroy();
            }
        } finally {
            Bytes.zero(randomizedPassword, unmasked);
            if (keys != null) {
                Bytes.zero(keys.authKey(), keys.clientPrivateKey());
            }
        }
    }

    @Override
    public byte[] blind() {
        return blind.clone();
    }

    @Override
    public byte[] clientSecret() {
        return clientSecret.clone();
    }

    /** blind (Nok) ‖ client secret (Nsk) ‖ KE1. Contains secrets: store it only sealed. */
    public byte[] serialize() {
        return Bytes.concat(blind, clientSecret, ke1.serialize());
    }

    public static ClientLogin deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.nok() + suite.nsk() + suite.ke1Length(),
                "ClientLogin");
        byte[] blind = r.scalar();
        byte[] secret = r.scalar();
        try {
            return new ClientLogin(suite, blind, secret, KE1.deserialize(suite, r.bytes(suite.ke1Length())));
        } finally {
            Bytes.zero(blind, secret);
        }
    }

    @Override
    public String toString() {
        return "ClientLogin[" + suite.wireName() + "]";
    }
}
