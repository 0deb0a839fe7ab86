/**
 * The appliance's one binding to the PKCS#11 module (from bkv-hsm): opened at start-up,
 * shared by every service, failing closed when the token is not there.
 */
package org.bkv.ejb.infrastructure.hsm;
