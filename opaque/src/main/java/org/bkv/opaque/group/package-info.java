/**
 * The two prime-order groups of the suites: validated elements, scalars, hash-to-group and hash-to-scalar.
 * Element types convert to and from the libraries' points (Bouncy Castle for P-256, curve25519-elisabeth for
 * ristretto255), which serve as the reference in the cross-check tests; curve25519-elisabeth still provides
 * ristretto255's hash-to-group, while P-256's hash-to-curve is this package's own
 * ({@link org.bkv.opaque.group.P256HashToCurve}). The hot path (decoding, constant-time scalar multiplication,
 * hash-to-curve, encoding) runs on this package's own field and point arithmetic:
 * {@link org.bkv.opaque.group.P256Field}/{@link org.bkv.opaque.group.P256Curve} and
 * {@link org.bkv.opaque.group.Fe25519}/{@link org.bkv.opaque.group.Ristretto255Curve}.
 */
package org.bkv.opaque.group;
