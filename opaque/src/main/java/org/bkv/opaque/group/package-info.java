/**
 * The two prime-order groups of the suites (P-256 on Bouncy Castle, ristretto255 on elisabeth): validated
 * elements, scalars, hash-to-group and hash-to-scalar. Element types convert to and from the libraries' points.
 */
package org.bkv.opaque.group;
