package org.bkv.hsm;

/**
 * Whether provisioned token keys may ever leave the HSM. CKA_EXTRACTABLE can only go from true to false, so the
 * choice is made when a key is generated.
 */
public enum KeyExportPolicy {
    /**
     * CKA_EXTRACTABLE false: the key never leaves the token (CKA_NEVER_EXTRACTABLE true). The default; a key
     * backup then needs the HSM vendor's own cloning (Luna cloning domain, nShield Security World).
     */
    NEVER,
    /**
     * CKA_EXTRACTABLE true with CKA_WRAP_WITH_TRUSTED true: only a wrapping key marked CKA_TRUSTED (which only the
     * security officer can set) may wrap it, which is what the key-backup ceremony of DESIGN §9 uses. Still
     * sensitive: its value is never readable in clear, and the KEK (not trusted) cannot wrap it.
     */
    CEREMONY_WRAP_ONLY
}
