package org.bkv.opaque;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.group.PrimeOrderGroup;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.internal.HashFunction;
import org.bkv.opaque.server.OprfKey;
import org.bkv.opaque.server.ServerStaticKey;

/**
 * Server login state between {@link #start} (KE1 → KE2) and {@link #finish} (KE3), RFC 9807 §6: the expected
 * client MAC and the session key. Every use of a server secret goes through {@link OprfKey} and
 * {@link ServerStaticKey}; the only secret computed here is the per-login ephemeral key.
 */
public record ServerLogin(Suite suite, byte[] expectedClientMac, byte[] sessionKey) {

    public ServerLogin {
        if (suite == null) {
            throw new IllegalArgumentException("no suite");
        }
        MessageReader.requireLength(expectedClientMac, suite.nm(), "expected client MAC");
        MessageReader.requireLength(sessionKey, suite.nx(), "session key");
        expectedClientMac = expectedClientMac.clone();
        sessionKey = sessionKey.clone();
    }

    public record Start(KE2 message, ServerLogin state) {
    }

    /**
     * GenerateKE2 for a stored record, or for a fake record ({@link RegistrationRecord#fake}) of an unknown
     * identifier: both take exactly the same path.
     *
     * @param serverKey the server's 3DH key pair
     * @param oprfKey the credential's OPRF key (for an unknown identifier: the fake one)
     * @param record the stored (or fake) registration record
     * @param ke1 the client's KE1
     * @param options context and identities; must match the client's
     */
    public static Start start(ServerStaticKey serverKey, OprfKey oprfKey, RegistrationRecord record, KE1 ke1,
                              ProtocolOptions options, SecureRandom random) throws OpaqueException {
        byte[] maskingNonce = new byte[Suite.NN];
        byte[] serverNonce = new byte[Suite.NN];
        byte[] seed = new byte[Suite.NSEED];
        random.nextBytes(maskingNonce);
        random.nextBytes(serverNonce);
        random.nextBytes(seed);
        try {
            return start(serverKey, oprfKey, record, ke1, options, maskingNonce, serverNonce, seed, null);
        } finally {
            Bytes.zero(seed);
        }
    }

    static Start start(ServerStaticKey serverKey, OprfKey oprfKey, RegistrationRecord record, KE1 ke1,
                       ProtocolOptions options, byte[] maskingNonce, byte[] serverNonce, byte[] serverKeyshareSeed,
                       BiConsumer<String, byte[]> trace) throws OpaqueException {
        Suite suite = ke1.suite();
        Opaque3dh.requireSameSuite(suite, serverKey.suite(), "server key");
        Opaque3dh.requireSameSuite(suite, oprfKey.suite(), "OPRF key");
        Opaque3dh.requireSameSuite(suite, record.suite(), "registration record");
        PrimeOrderGroup group = suite.group();
        HashFunction h = suite.hash();

        group.precompute(multipliedInProcess(serverKey, oprfKey, record, ke1));

        // CreateCredentialResponse
        GroupElement evaluated = group.requireElement(oprfKey.blindEvaluate(ke1.blindedMessage()));
        GroupElement serverPublicKey = serverKey.publicKey();
        byte[] serverPk = serverPublicKey.toByteArray();
        byte[] pad = Opaque3dh.credentialResponsePad(suite, record.maskingKeyNoCopy(), maskingNonce);
        byte[] masked = Bytes.xor(pad, Bytes.concat(serverPk, record.envelope().serialize()));
        Bytes.zero(pad);

        // AuthServerRespond
        byte[] serverSecret = Opaque3dh.deriveDhPrivateKey(suite, serverKeyshareSeed);
        try {
            GroupElement clientKeyshare = ke1.clientPublicKeyshare();
            GroupElement dh2 = group.requireElement(serverKey.diffieHellman(clientKeyshare));
            GroupElement[] encoded = group.encodeAll(
                    evaluated,
                    group.multiplyGenerator(serverSecret),
                    group.multiply(clientKeyshare, serverSecret),
                    dh2,
                    group.multiply(record.clientPublicKey(), serverSecret));
            evaluated = encoded[0];
            GroupElement serverKeyshare = encoded[1];
            CredentialResponse credentialResponse = new CredentialResponse(suite, evaluated, maskingNonce, masked);
            byte[] clientPk = record.clientPublicKey().toByteArray();
            byte[] preamble = Opaque3dh.preamble(options, clientPk, ke1.serialize(), serverPk,
                    credentialResponse.serialize(), serverNonce, serverKeyshare.toByteArray());
            byte[] ikm = Bytes.concat(encoded[2].toByteArray(), encoded[3].toByteArray(), encoded[4].toByteArray());
            Opaque3dh.Keys keys = Opaque3dh.deriveKeys(suite, ikm, preamble, trace);
            Bytes.zero(ikm);
            try {
                byte[] serverMac = h.hmac(keys.km2(), keys.preambleHash());
                byte[] expectedClientMac = h.hmac(keys.km3(), h.hash(preamble, serverMac));
                KE2 ke2 = new KE2(suite, credentialResponse, serverNonce, serverKeyshare, serverMac);
                ServerLogin state = new ServerLogin(suite, expectedClientMac, keys.sessionKey());
                Bytes.zero(keys.sessionKey(), expectedClientMac);
                return new Start(ke2, state);
            } finally {
                keys.destroy();
            }
        } finally {
            Bytes.zero(serverSecret);
        }
    }

    /**
     * The points this login multiplies with this process's arithmetic, each once per multiplication, for
     * {@link PrimeOrderGroup#precompute} to prepare together (P-256: one inversion for all their tables, and a comb
     * table for the client keyshare when both e·X and s·X are computed here).
     */
    private static GroupElement[] multipliedInProcess(ServerStaticKey serverKey, OprfKey oprfKey,
                                                      RegistrationRecord record, KE1 ke1) {
        List<GroupElement> points = new ArrayList<>(4);
        if (oprfKey.multipliesInProcess()) {
            points.add(ke1.blindedMessage()); // k·B
        }
        points.add(ke1.clientPublicKeyshare()); // e·X
        if (serverKey.multipliesInProcess()) {
            points.add(ke1.clientPublicKeyshare()); // s·X
        }
        points.add(record.clientPublicKey()); // e·C
        return points.toArray(GroupElement[]::new);
    }

    /**
     * ServerFinish: checks the client MAC in constant time and returns the session key.
     *
     * @throws AuthenticationException if the MAC does not match (wrong password, or a fake record)
     */
    public byte[] finish(KE3 ke3) throws OpaqueException {
        Opaque3dh.requireSameSuite(suite, ke3.suite(), "KE3");
        if (!HashFunction.macEquals(expectedClientMac, ke3.clientMac())) {
            throw new AuthenticationException("client authentication failed");
        }
        return sessionKey.clone();
    }

    @Override
    public byte[] expectedClientMac() {
        return expectedClientMac.clone();
    }

    @Override
    public byte[] sessionKey() {
        return sessionKey.clone();
    }

    /** expected client MAC (Nm) ‖ session key (Nx). Contains secrets: store it only sealed. */
    public byte[] serialize() {
        return Bytes.concat(expectedClientMac, sessionKey);
    }

    public static ServerLogin deserialize(Suite suite, byte[] bytes) throws InvalidEncodingException {
        MessageReader r = MessageReader.of(suite, bytes, suite == null ? 0 : suite.nm() + suite.nx(), "ServerLogin");
        return new ServerLogin(suite, r.bytes(suite.nm()), r.bytes(suite.nx()));
    }

    /** Zeroes the secrets held by this state (call after finish or when the login expires). */
    public void destroy() {
        Bytes.zero(expectedClientMac, sessionKey);
    }

    @Override
    public String toString() {
        return "ServerLogin[" + suite.wireName() + "]";
    }
}
