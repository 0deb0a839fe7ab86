/**
 * The backup blob store's model (DESIGN §4.3): slots named by a client-derived id, authorised by a bearer token of
 * which only the hash is kept, holding the current stored copy of an opaque ciphertext.
 */
package org.bkv.ejb.domain.backup;
