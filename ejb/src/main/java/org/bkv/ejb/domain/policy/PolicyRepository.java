package org.bkv.ejb.domain.policy;

import java.util.Optional;

/** Where policy versions are kept. */
public interface PolicyRepository {

    /** The newest version, if any has been stored. */
    Optional<Policy> current();

    void add(Policy policy);
}
