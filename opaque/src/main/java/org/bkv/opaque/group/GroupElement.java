package org.bkv.opaque.group;

/**
 * A validated element of one of the prime-order groups: never the identity, always on the curve, and
 * created only from a canonical encoding or a checked library point. Immutable.
 */
public sealed interface GroupElement permits P256Element, Ristretto255Element {

    /** The group this element belongs to. */
    PrimeOrderGroup group();

    /** SerializeElement: compressed SEC1 (33 bytes) for P-256, the 32-byte encoding for ristretto255. */
    byte[] toByteArray();
}
