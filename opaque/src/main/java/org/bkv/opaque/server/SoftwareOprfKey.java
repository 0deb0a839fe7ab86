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

/**
 * An OPRF key held in process memory. {@link #derive} is RFC 9807 §5.2.2 exactly:
 * {@code seed = Expand(oprf_seed, credential_identifier ‖ "OprfKey", Nok)},
 * {@code oprf_key = DeriveKeyPair(seed, "OPAQUE-DeriveKeyPair")}; it also serves unknown identifiers
 * (fake responses) the way the RFC does.
 */
public final class SoftwareOprfKey implements OprfKey, Destroyable {
    private static final byte[] OPRF_KEY = Bytes.ascii("OprfKey");
    private static final byte[] DERIVE_KEY_PAIR_INFO = Bytes.ascii("OPAQUE-DeriveKeyPair");

    private final Suite suite;
    private final byte[] scalar;
    private volatile boolean destroyed;

    private SoftwareOprfKey(Suite suite, byte[] scalar) {
        this.suite = suite;
        this.scalar = scalar;
    }

    /** Derives the per-credential key from the server's oprf_seed (Nh bytes) and the credential identifier. */
    public static SoftwareOprfKey derive(Suite suite, byte[] oprfSeed, byte[] credentialIdentifier) throws OpaqueException {
        if (oprfSeed == null || oprfSeed.length != suite.nh()) {
            throw new ProtocolException("oprf_seed must be Nh bytes");
        }
        byte[] seed = suite.hash().expand(oprfSeed, Bytes.concat(credentialIdentifier, OPRF_KEY), suite.nok());
        try {
            return new SoftwareOprfKey(suite, suite.oprf().deriveKeyPair(seed, DERIVE_KEY_PAIR_INFO));
        } finally {
            Bytes.zero(seed);
        }
    }

    /** A fresh random OPRF key (one per record, when keys are stored rather than derived). */
    public static SoftwareOprfKey generate(Suite suite, SecureRandom random) {
        return new SoftwareOprfKey(suite, suite.group().randomScalar(random));
    }

    /** Wraps a serialized non-zero scalar (for example one unsealed from storage). The argument is copied. */
    public static SoftwareOprfKey fromScalar(Suite suite, byte[] scalar) throws InvalidEncodingException {
        return new SoftwareOprfKey(suite, suite.group().deserializeScalar(scalar, true));
    }

    /** A fresh random oprf_seed (Nh bytes) for a new server setup. */
    public static byte[] generateSeed(Suite suite, SecureRandom random) {
        byte[] seed = new byte[suite.nh()];
        random.nextBytes(seed);
        return seed;
    }

    @Override
    public Suite suite() {
        return suite;
    }

    @Override
    public boolean multipliesInProcess() {
        return true;
    }

    @Override
    public GroupElement blindEvaluate(GroupElement blindedElement) throws OpaqueException {
        checkNotDestroyed();
        return suite.oprf().blindEvaluate(scalar, blindedElement);
    }

    /** The public key k·G (stored beside a per-record key; useful to check an HSM's full-point recovery). */
    public GroupElement publicKey() throws OpaqueException {
        checkNotDestroyed();
        return suite.group().multiplyGenerator(scalar);
    }

    /** The serialized private scalar, for sealing under a key-encryption key. Zero it when done. */
    public byte[] exportScalar() throws ProtocolException {
        checkNotDestroyed();
        return scalar.clone();
    }

    private void checkNotDestroyed() throws ProtocolException {
        if (destroyed) {
            throw new ProtocolException("OPRF key destroyed");
        }
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
        return "SoftwareOprfKey[" + suite.wireName() + "]";
    }
}
