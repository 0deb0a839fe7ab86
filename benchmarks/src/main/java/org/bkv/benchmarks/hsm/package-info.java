/** JMH benchmarks of the PKCS#11 layer on SoftHSM: each HSM operation, and a whole HSM-backed P-256 server login
 *  beside the software-key one. Run with SOFTHSM2_CONF set (see docs/PERFORMANCE.md, section "HSM"). */
package org.bkv.benchmarks.hsm;
