package org.bkv.hsm;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Per-record P-256 OPRF keys that exist in clear only inside the HSM (DESIGN §4.1).
 */
public interface OprfKeys {

    /** Generates a random P-256 key inside the HSM and returns it wrapped under {@code bkv-kek}, with k·G. */
    WrappedOprfKey generate();

    /**
     * BlindEvaluate: k·B for the blinded element B (SEC1 compressed, 33 bytes). The key is unwrapped as a
     * sensitive, non-extractable session object, used for two derives and destroyed, also on errors.
     *
     * @return k·B, SEC1 compressed (33 bytes)
     * @throws InvalidPointException B is malformed, off the curve, the identity or -G (nothing reaches the HSM)
     * @throws HsmIntegrityException the wrapped key does not unwrap under this token's KEK
     */
    byte[] evaluate(WrappedOprfKey key, byte[] blindedElement);

    /**
     * The same on decoded points (saves two encodings per call when the caller holds points, as opaque/ does).
     * The point is checked again here: on P-256, not the identity, not -G.
     */
    ECPoint evaluate(WrappedOprfKey key, ECPoint blindedElement);
}
