/**
 * The audit log's tamper evidence, as plain Java: RFC 9162 Merkle tree hashing, proofs, the signed tree
 * head and the export format (docs/AUDIT.md). No Jakarta EE, no JPA: the sequencer and the store wire it in.
 */
package org.bkv.ejb.audit.tree;
