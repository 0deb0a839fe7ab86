package org.bkv.ejb.application;

import org.bkv.ejb.domain.console.ConsoleRole;

/** A console account that just proved its password: the name and the one role it signs in with. */
public record SignedIn(String username, ConsoleRole role) {
}
