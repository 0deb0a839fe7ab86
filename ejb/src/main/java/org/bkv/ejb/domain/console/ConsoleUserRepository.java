package org.bkv.ejb.domain.console;

import java.util.List;
import java.util.Optional;

/** Where console accounts are kept. */
public interface ConsoleUserRepository {

    Optional<ConsoleUser> find(String username);

    /** Reads the account and holds its row lock until the transaction ends (serialises failure counting). */
    Optional<ConsoleUser> findForUpdate(String username);

    List<ConsoleUser> all();

    long count();

    void add(ConsoleUser user);
}
