/** SoftHSM2 tooling for tests, development and first boot: a private softhsm2.conf and token directory,
 *  token initialisation by label with random PINs, and an owner-only PIN file. */
package org.bkv.hsm.softhsm;
