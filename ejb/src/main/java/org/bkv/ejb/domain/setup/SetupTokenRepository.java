package org.bkv.ejb.domain.setup;

/** Where setup tokens are kept (only their hashes). */
public interface SetupTokenRepository {

    /** Replaces every unspent token with this one: only the newest token works. */
    void replaceUnspent(SetupToken token);

    long consoleUserCount();
}
