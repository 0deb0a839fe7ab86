package org.bkv.ejb.domain.policy;

/** How vault callers identify themselves (DESIGN §4.2). */
public enum ClientAuth {
    /** No caller identity: evaluation only (a warning on the console dashboard). */
    OPEN,
    /** A MicroProfile JWT from the organisation's identity provider whose subject equals the identifier. */
    JWT
}
