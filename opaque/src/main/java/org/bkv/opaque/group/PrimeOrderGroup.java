package org.bkv.opaque.group;

import java.security.SecureRandom;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.ProtocolException;

/**
 * The prime-order group API of RFC 9497 §2.1. Scalars travel as their canonical serialization
 * (big-endian for P-256, little-endian for ristretto255), which callers can zero when done.
 */
public sealed interface PrimeOrderGroup permits P256Group, Ristretto255Group {

    /** Noe = Npk: serialized element length. */
    int elementLength();

    /** Nok = Nsk: serialized scalar length. */
    int scalarLength();

    /** DeserializeElement: canonical encoding of a non-identity element, else {@link InvalidEncodingException}. */
    GroupElement deserializeElement(byte[] encoded) throws InvalidEncodingException;

    /** DeserializeScalar: canonical, below the order, and (if {@code nonZero}) not zero. Returns a copy. */
    byte[] deserializeScalar(byte[] encoded, boolean nonZero) throws InvalidEncodingException;

    /** Checks that {@code element} is a valid element of this group (for elements returned by key implementations). */
    GroupElement requireElement(GroupElement element) throws ProtocolException;

    /** scalar · element; {@code ProtocolException} if the result is the identity (only for a zero scalar). */
    GroupElement multiply(GroupElement element, byte[] scalar) throws ProtocolException;

    /** ScalarMultGen: scalar · G. */
    GroupElement multiplyGenerator(byte[] scalar) throws ProtocolException;

    /** HashToGroup; {@code ProtocolException} (InvalidInputError) if the input maps to the identity. */
    GroupElement hashToGroup(byte[] msg, byte[] dst) throws ProtocolException;

    /** HashToScalar (may be zero). */
    byte[] hashToScalar(byte[] msg, byte[] dst);

    /** RandomScalar: uniform non-zero scalar. */
    byte[] randomScalar(SecureRandom random);

    /** ScalarInverse of a non-zero scalar. */
    byte[] invertScalar(byte[] scalar);

    boolean isZeroScalar(byte[] scalar);

    /**
     * A hint that each of these elements is about to be multiplied by a secret scalar, once for every time it is
     * listed (the same instance listed twice will be multiplied by two scalars): a group may build their
     * multiplication tables now, sharing work between them, and choose a costlier table that pays off over several
     * multiplications of one element. Changes no result; the default does nothing.
     */
    default void precompute(GroupElement... elements) {
    }

    /**
     * Returns equal elements whose encodings are already computed, sharing one field inversion across all
     * of them where the group allows it (Montgomery's trick on P-256).
     */
    default GroupElement[] encodeAll(GroupElement... elements) {
        for (GroupElement e : elements) {
            e.toByteArray();
        }
        return elements.clone();
    }
}
