/**
 * OPRF base mode (RFC 9497, mode 0x00) for P256-SHA256 and ristretto255-SHA512: Blind, BlindEvaluate,
 * Finalize, DeriveKeyPair. OPAQUE builds its password hardening on this.
 */
package org.bkv.opaque.oprf;
