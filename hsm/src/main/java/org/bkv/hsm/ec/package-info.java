/** P-256 point handling in Java around the HSM: strict decoding and validation before any PKCS#11 call,
 *  and the exact full-point recovery of DESIGN §4.1 from two x-only ECDH derives. */
package org.bkv.hsm.ec;
