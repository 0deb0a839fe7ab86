package org.bkv.ejb.application;

import java.io.Serializable;
import java.time.Instant;

/** The latest signed tree head as the console shows it (root hash in hex) and whether its signature verifies with the audit key. */
public record AuditHeadStatus(long size, String rootHashHex, Instant signedAt, boolean signatureValid) implements Serializable {
}
