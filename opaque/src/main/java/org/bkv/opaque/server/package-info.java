/**
 * The server's secret-key operations, behind interfaces: OPRF evaluation per credential and Diffie-Hellman
 * with the static 3DH key. Software implementations live here; {@code hsm/} provides PKCS#11 ones.
 */
package org.bkv.opaque.server;
