package org.bkv.ejb.application;

import java.time.Instant;
import org.bkv.ejb.domain.console.ConsoleRole;

/** What the users page shows of an account: no hash. */
public record ConsoleUserView(String username, ConsoleRole role, boolean enabled, boolean locked, Instant createdAt,
                              String createdBy, Instant passwordChangedAt) {
}
