/**
 * Offline verification of audit exports (docs/AUDIT.md) with only the audit public key: RFC 9162 Merkle
 * hashing and proof verification, signed tree heads, and the export verifier behind {@code bkv audit verify}.
 * Written independently of the server's {@code org.bkv.ejb.audit.tree}; golden exports keep the two in step.
 */
package org.bkv.client.audit;
