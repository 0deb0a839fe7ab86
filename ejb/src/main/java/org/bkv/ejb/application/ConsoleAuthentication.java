package org.bkv.ejb.application;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.ConsoleUser;
import org.bkv.ejb.domain.console.ConsoleUserRepository;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.PasswordHasher;
import org.bkv.ejb.domain.console.RequiresPermission;

/**
 * Console sign-in (called by the web console's identity store) and sign-out. Every attempt is audited; failures are
 * counted and lock the account for {@link ConsoleUser#LOCKOUT} after {@link ConsoleUser#MAX_FAILED_LOGINS} in a row.
 * Unknown, disabled and locked accounts cost one Argon2id verification like a real one and fail alike.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ConsoleAuthentication {

    static final PasswordHasher HASHER = new PasswordHasher();

    @EJB
    private ConsoleUserRepository users;

    @EJB
    private AuditLog audit;

    @Resource
    private SessionContext caller;

    private final Clock clock = Clock.systemUTC();

    /** The account and its role if the password is right and the account may sign in; the outcome commits either way. */
    @PermitAll
    public Optional<SignedIn> signIn(String username, char[] password) {
        Instant now = clock.instant();
        Optional<ConsoleUser> found = username == null ? Optional.empty() : users.findForUpdate(username);
        if (found.isEmpty()) {
            HASHER.verifyNothing(password);
            audit.record(new AuditEvent(AuditEventType.CONSOLE_LOGIN_FAILED, now, Optional.empty(), "anonymous",
                    "unknown account"));
            return Optional.empty();
        }
        ConsoleUser user = found.get();
        if (!user.enabled() || user.lockedAt(now)) {
            HASHER.verifyNothing(password);
            audit.record(new AuditEvent(AuditEventType.CONSOLE_LOGIN_FAILED, now, Optional.empty(), user.username(),
                    user.enabled() ? "account locked" : "account disabled"));
            return Optional.empty();
        }
        if (!HASHER.verify(password, user.passwordHash())) {
            boolean locked = user.loginFailed(now);
            audit.record(new AuditEvent(AuditEventType.CONSOLE_LOGIN_FAILED, now, Optional.empty(), user.username(),
                    locked ? "wrong password; account locked for " + ConsoleUser.LOCKOUT.toMinutes() + " minutes after "
                            + ConsoleUser.MAX_FAILED_LOGINS + " failures" : "wrong password"));
            return Optional.empty();
        }
        user.loginSucceeded();
        audit.record(new AuditEvent(AuditEventType.CONSOLE_LOGIN, now, Optional.empty(), user.username(),
                "signed in as " + user.role()));
        return Optional.of(new SignedIn(user.username(), user.role()));
    }

    /** The caller's role as stored now (a disabled account has none): lets the console drop stale sessions. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ConsoleRole> activeRole(String username) {
        return users.find(username).filter(ConsoleUser::enabled).map(ConsoleUser::role);
    }

    @RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER, ConsoleRole.KEY_CUSTODIAN})
    @RequiresPermission(Permission.VIEW_DASHBOARD)
    public void signedOut() {
        audit.record(new AuditEvent(AuditEventType.CONSOLE_LOGOUT, clock.instant(), Optional.empty(),
                caller.getCallerPrincipal().getName(), "signed out"));
    }
}
