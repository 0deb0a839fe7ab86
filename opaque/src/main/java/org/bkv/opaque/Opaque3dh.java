package org.bkv.opaque;

import java.util.function.BiConsumer;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.internal.HashFunction;

/** The shared pieces of RFC 9807: envelope keys, cleartext credentials, preamble and the 3DH key schedule. */
final class Opaque3dh {
    static final byte[] MASKING_KEY = Bytes.ascii("MaskingKey");
    static final byte[] AUTH_KEY = Bytes.ascii("AuthKey");
    static final byte[] EXPORT_KEY = Bytes.ascii("ExportKey");
    static final byte[] PRIVATE_KEY = Bytes.ascii("PrivateKey");
    static final byte[] CREDENTIAL_RESPONSE_PAD = Bytes.ascii("CredentialResponsePad");
    static final byte[] DERIVE_DH_INFO = Bytes.ascii("OPAQUE-DeriveDiffieHellmanKeyPair");
    static final byte[] OPAQUE_V1 = Bytes.ascii("OPAQUEv1-");
    static final byte[] LABEL_PREFIX = Bytes.ascii("OPAQUE-");
    static final byte[] HANDSHAKE_SECRET = Bytes.ascii("HandshakeSecret");
    static final byte[] SESSION_KEY = Bytes.ascii("SessionKey");
    static final byte[] SERVER_MAC = Bytes.ascii("ServerMAC");
    static final byte[] CLIENT_MAC = Bytes.ascii("ClientMAC");

    private Opaque3dh() {
    }

    static void trace(BiConsumer<String, byte[]> trace, String name, byte[] value) {
        if (trace != null) {
            trace.accept(name, value.clone());
        }
    }

    static void requireSameSuite(Suite suite, Suite other, String what) throws ProtocolException {
        if (suite != other) {
            throw new ProtocolException(what + " belongs to another suite");
        }
    }

    /** DeriveDiffieHellmanKeyPair(seed): the private scalar. */
    static byte[] deriveDhPrivateKey(Suite suite, byte[] seed) throws ProtocolException {
        return suite.oprf().deriveKeyPair(seed, DERIVE_DH_INFO);
    }

    /** randomized_password = Extract("", oprf_output ‖ Stretch(oprf_output)). */
    static byte[] randomizedPassword(Suite suite, byte[] oprfOutput, Ksf ksf) {
        byte[] stretched = ksf.stretch(oprfOutput);
        byte[] ikm = Bytes.concat(oprfOutput, stretched);
        try {
            return suite.hash().extract(new byte[0], ikm);
        } finally {
            Bytes.zero(stretched, ikm);
        }
    }

    /** CleartextCredentials: server_public_key ‖ len ‖ server_identity ‖ len ‖ client_identity. */
    static byte[] cleartextCredentials(byte[] serverPublicKey, byte[] clientPublicKey, ProtocolOptions options) {
        byte[] sid = options.serverIdentity() != null ? options.serverIdentity() : serverPublicKey;
        byte[] cid = options.clientIdentity() != null ? options.clientIdentity() : clientPublicKey;
        return Bytes.concat(serverPublicKey, Bytes.i2osp(sid.length, 2), sid, Bytes.i2osp(cid.length, 2), cid);
    }

    static byte[] preamble(ProtocolOptions options, byte[] clientPublicKey, byte[] ke1, byte[] serverPublicKey,
                           byte[] credentialResponse, byte[] serverNonce, byte[] serverPublicKeyshare) {
        byte[] context = options.context();
        byte[] cid = options.clientIdentity() != null ? options.clientIdentity() : clientPublicKey;
        byte[] sid = options.serverIdentity() != null ? options.serverIdentity() : serverPublicKey;
        return Bytes.concat(OPAQUE_V1, Bytes.i2osp(context.length, 2), context,
                Bytes.i2osp(cid.length, 2), cid, ke1,
                Bytes.i2osp(sid.length, 2), sid,
                credentialResponse, serverNonce, serverPublicKeyshare);
    }

    /** Expand-Label(Secret, Label, Context, Length). */
    static byte[] expandLabel(HashFunction h, byte[] secret, byte[] label, byte[] context, int length) {
        byte[] fullLabel = Bytes.concat(LABEL_PREFIX, label);
        byte[] info = Bytes.concat(Bytes.i2osp(length, 2), Bytes.i2osp(fullLabel.length, 1), fullLabel,
                Bytes.i2osp(context.length, 1), context);
        return h.expand(secret, info, length);
    }

    /** The 3DH key schedule (RFC 9807 §6.4.2). */
    record Keys(byte[] km2, byte[] km3, byte[] sessionKey, byte[] preambleHash) {
        void destroy() {
            Bytes.zero(km2, km3);
        }
    }

    static Keys deriveKeys(Suite suite, byte[] ikm, byte[] preamble, BiConsumer<String, byte[]> trace) {
        HashFunction h = suite.hash();
        int nx = suite.nx();
        byte[] prk = h.extract(new byte[0], ikm);
        byte[] preambleHash = h.hash(preamble);
        byte[] handshakeSecret = expandLabel(h, prk, HANDSHAKE_SECRET, preambleHash, nx);
        byte[] sessionKey = expandLabel(h, prk, SESSION_KEY, preambleHash, nx);
        byte[] km2 = expandLabel(h, handshakeSecret, SERVER_MAC, new byte[0], nx);
        byte[] km3 = expandLabel(h, handshakeSecret, CLIENT_MAC, new byte[0], nx);
        trace(trace, "handshake_secret", handshakeSecret);
        trace(trace, "server_mac_key", km2);
        trace(trace, "client_mac_key", km3);
        Bytes.zero(prk, handshakeSecret);
        return new Keys(km2, km3, sessionKey, preambleHash);
    }

    /** The envelope's derived values (RFC 9807 §4.1.2 Store / §4.1.3 Recover). */
    record EnvelopeKeys(byte[] authKey, byte[] exportKey, byte[] clientPrivateKey, GroupElement clientPublicKey) {
    }

    static EnvelopeKeys envelopeKeys(Suite suite, byte[] randomizedPassword, byte[] envelopeNonce) throws ProtocolException {
        HashFunction h = suite.hash();
        byte[] authKey = h.expand(randomizedPassword, Bytes.concat(envelopeNonce, AUTH_KEY), suite.nh());
        byte[] exportKey = h.expand(randomizedPassword, Bytes.concat(envelopeNonce, EXPORT_KEY), suite.nh());
        byte[] seed = h.expand(randomizedPassword, Bytes.concat(envelopeNonce, PRIVATE_KEY), Suite.NSEED);
        try {
            byte[] sk = deriveDhPrivateKey(suite, seed);
            return new EnvelopeKeys(authKey, exportKey, sk, suite.group().multiplyGenerator(sk));
        } finally {
            Bytes.zero(seed);
        }
    }

    static byte[] envelopeTag(Suite suite, byte[] authKey, byte[] envelopeNonce, byte[] cleartextCredentials) {
        return suite.hash().hmac(authKey, envelopeNonce, cleartextCredentials);
    }

    static byte[] credentialResponsePad(Suite suite, byte[] maskingKey, byte[] maskingNonce) {
        return suite.hash().expand(maskingKey, Bytes.concat(maskingNonce, CREDENTIAL_RESPONSE_PAD), suite.npk() + suite.ne());
    }
}
