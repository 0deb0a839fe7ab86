package org.bkv.ejb.application;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.ConsoleUser;
import org.bkv.ejb.domain.console.ConsoleUserRepository;
import org.bkv.ejb.domain.console.PasswordRules;
import org.bkv.ejb.domain.console.Username;

/**
 * First run: while no console account exists, the setup token printed by {@code ./bkv up} creates the first
 * administrator. The token is spent in the same transaction; afterwards set-up is closed for good.
 */
@Stateless
@PermitAll
public class ConsoleSetupService {

    @EJB
    private ConsoleUserRepository users;

    @EJB
    private SetupTokenService setupTokens;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    public boolean open() {
        return users.count() == 0;
    }

    public void createFirstAdministrator(String token, String username, char[] password, char[] repeated)
            throws ConsoleInputException {
        if (!open()) {
            throw new ConsoleInputException("token", "set-up is closed: an administrator already exists");
        }
        Username name = Username.parse("username", username);
        PasswordRules.check("password", password, name);
        if (!java.util.Arrays.equals(password, repeated)) {
            throw new ConsoleInputException("repeat", "the two passwords differ");
        }
        if (token == null || token.isBlank() || !setupTokens.spend(token)) {
            throw new ConsoleInputException("token", "this is not the current setup token (or it was already used)");
        }
        Instant now = clock.instant();
        users.add(new ConsoleUser(ConsoleIds.next(), name, ConsoleRole.ADMINISTRATOR,
                ConsoleAuthentication.HASHER.hash(password), "setup", now));
        audit.record(new AuditEvent(AuditEventType.SETUP_TOKEN_SPENT, now, Optional.empty(), name.value(),
                "first administrator created with the setup token"));
        audit.record(new AuditEvent(AuditEventType.CONSOLE_USER_CREATED, now, Optional.empty(), name.value(),
                name.value() + " as ADMINISTRATOR"));
    }
}
