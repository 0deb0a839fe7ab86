package org.bkv.ejb.domain.policy;

/** What happens to a record when its attempts are used up. */
public enum LockoutAction {
    /** Locked, and its sealed backup key and wrapped OPRF key overwritten: gone for everyone, forever. */
    DESTROY,
    /** Locked only; the key material stays (sealed) for an administrator's later decision. */
    LOCK
}
