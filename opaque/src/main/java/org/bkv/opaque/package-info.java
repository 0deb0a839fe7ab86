/**
 * OPAQUE-3DH (RFC 9807): suites, typed messages and states, and the client and server protocol steps.
 * Pure Java on Bouncy Castle and curve25519-elisabeth; no Jakarta EE, JPA or PKCS#11 here.
 */
package org.bkv.opaque;
