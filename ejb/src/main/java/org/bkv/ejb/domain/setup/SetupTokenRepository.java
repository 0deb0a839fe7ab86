package org.bkv.ejb.domain.setup;

/** Where setup tokens are kept (only their hashes). */
public interface SetupTokenRepository {

    /** Replaces every unspent token with this one: only the newest token works. */
    void replaceUnspent(SetupToken token);

    long consoleUserCount();

    /** Unspent tokens (normally one), to compare a candidate against in constant time. */
    java.util.List<SetupToken> unspent();

    /** Marks the token spent unless someone else already did; true when this call spent it. */
    boolean spend(SetupToken token, java.time.Instant when);
}
