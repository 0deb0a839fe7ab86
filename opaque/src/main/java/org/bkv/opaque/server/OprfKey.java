package org.bkv.opaque.server;

import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;

/**
 * The OPRF key of one credential (RFC 9807 "oprf_key"): the only thing the server path asks of it is
 * BlindEvaluate, k·B. The key itself never crosses this interface.
 *
 * <p>Elements: for {@link Suite#P256_SHA256} arguments and results are
 * {@link org.bkv.opaque.group.P256Element}s; an implementation gets the Bouncy Castle point with
 * {@code ((P256Element) blinded).point()} (on {@code CustomNamedCurves} secp256r1; call
 * {@code normalize()} for affine x and y) and returns its result with {@code P256Element.of(ECPoint)}.
 * For ristretto255 they are {@link org.bkv.opaque.group.Ristretto255Element}s. The argument has already
 * been validated (canonical encoding, on the curve, not the identity); callers of this interface validate
 * the result again (right group, on the curve, not the identity) before using it.
 */
public interface OprfKey {

    /** The suite this key belongs to. */
    Suite suite();

    /**
     * BlindEvaluate: returns k·B for the already validated blinded element B.
     *
     * @throws OpaqueException if the evaluation cannot be done (an HSM implementation may instead throw its own
     *     unchecked "unavailable" exception, which passes through unchanged)
     */
    GroupElement blindEvaluate(GroupElement blindedElement) throws OpaqueException;

    /**
     * True if {@link #blindEvaluate} multiplies the blinded element with this process's group arithmetic, so that
     * the server may prepare its multiplication table together with the other points of a login
     * ({@link org.bkv.opaque.group.PrimeOrderGroup#precompute}). A performance hint only.
     */
    default boolean multipliesInProcess() {
        return false;
    }
}
