/** The only place in BKV that speaks PKCS#11: token, session pool, keys of DESIGN §5 and the operations on them.
 *  Callers hold small operation interfaces ({@link org.bkv.hsm.OprfKeys}, {@link org.bkv.hsm.Kek}, ...), never raw key bytes. */
package org.bkv.hsm;
