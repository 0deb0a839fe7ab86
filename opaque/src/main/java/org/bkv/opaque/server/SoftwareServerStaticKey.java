package org.bkv.opaque.server;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolException;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;

/** A 3DH server key pair held in process memory (the ristretto255 suite, tests, and the software P-256 path). */
public final class SoftwareServerStaticKey implements ServerStaticKey, Destroyable {
    private static final byte[] DERIVE_DH_INFO = Bytes.ascii("OPAQUE-DeriveDiffieHellmanKeyPair");

    private final Suite suite;
    private final byte[] scalar;
    private final GroupElement publicKey;
    private volatile boolean destroyed;

    private SoftwareServerStaticKey(Suite suite, byte[] scalar) throws ProtocolException {
        this.suite = suite;
        this.scalar = scalar;
        this.publicKey = suite.group().multiplyGenerator(scalar);
        publicKey.toByteArray(); // encode once now, not on every login
    }

    /** From a serialized private key (Nsk bytes; canonical, non-zero). The argument is copied. */
    public static SoftwareServerStaticKey fromPrivateKey(Suite suite, byte[] privateKey) throws InvalidEncodingException {
        try {
            return new SoftwareServerStaticKey(suite, suite.group().deserializeScalar(privateKey, true));
        } catch (ProtocolException e) {
            throw new InvalidEncodingException("invalid server private key");
        }
    }

    /** A fresh random key pair. */
    public static SoftwareServerStaticKey generate(Suite suite, SecureRandom random) {
        try {
            return new SoftwareServerStaticKey(suite, suite.group().randomScalar(random));
        } catch (ProtocolException e) {
            throw new IllegalStateException("random scalar gave the identity", e);
        }
    }

    /** DeriveDiffieHellmanKeyPair(seed) of RFC 9807 §6.4.1. */
    public static SoftwareServerStaticKey derive(Suite suite, byte[] seed) throws OpaqueException {
        return new SoftwareServerStaticKey(suite, suite.oprf().deriveKeyPair(seed, DERIVE_DH_INFO));
    }

    @Override
    public Suite suite() {
        return suite;
    }

    @Override
    public GroupElement publicKey() {
        return publicKey;
    }

    @Override
    public boolean multipliesInProcess() {
        return true;
    }

    @Override
    public GroupElement diffieHellman(GroupElement peerPublicKey) throws OpaqueException {
        if (destroyed) {
            throw new ProtocolException("server key destroyed");
        }
        return suite.group().multiply(suite.group().requireElement(peerPublicKey), scalar);
    }

    /** The serialized private key, for sealing under a key-encryption key. Zero it when done. */
    public byte[] exportPrivateKey() throws ProtocolException {
        if (destroyed) {
            throw new ProtocolException("server key destroyed");
        }
        return scalar.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(scalar, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SoftwareServerStaticKey[" + suite.wireName() + "]";
    }
}
