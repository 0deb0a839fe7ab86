/** The HSM implementation of opaque/'s server-key interfaces: a P-256 OPAQUE server whose OPRF keys and 3DH
 *  static key never leave the token ({@link org.bkv.hsm.opaque.HsmOprfKey}, {@link org.bkv.hsm.opaque.HsmServerStaticKey}). */
package org.bkv.hsm.opaque;
