package org.bkv.ejb.application;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.ConsoleUser;
import org.bkv.ejb.domain.console.ConsoleUserRepository;
import org.bkv.ejb.domain.console.PasswordRules;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.RequiresPermission;
import org.bkv.ejb.domain.console.Username;

/** Console accounts: administrators create, disable and reset them; everyone changes their own password. */
@Stateless
public class ConsoleUserService {

    @EJB
    private ConsoleUserRepository users;

    @EJB
    private AuditLog audit;

    @Resource
    private SessionContext caller;

    private final Clock clock = Clock.systemUTC();

    @RolesAllowed(ConsoleRole.ADMIN)
    @RequiresPermission(Permission.MANAGE_USERS)
    public List<ConsoleUserView> list() {
        Instant now = clock.instant();
        return users.all().stream().map(u -> new ConsoleUserView(u.username(), u.role(), u.enabled(), u.lockedAt(now),
                u.createdAt(), u.createdBy(), u.passwordChangedAt().orElse(null))).toList();
    }

    @RolesAllowed(ConsoleRole.ADMIN)
    @RequiresPermission(Permission.MANAGE_USERS)
    public void create(String username, ConsoleRole role, char[] password) throws ConsoleInputException {
        Username name = Username.parse("username", username);
        if (role == null) {
            throw new ConsoleInputException("role", "choose a role");
        }
        PasswordRules.check("password", password, name);
        if (users.find(name.value()).isPresent()) {
            throw new ConsoleInputException("username", "an account with this name exists");
        }
        Instant now = clock.instant();
        users.add(new ConsoleUser(ConsoleIds.next(), name, role, ConsoleAuthentication.HASHER.hash(password), actor(), now));
        audit(AuditEventType.CONSOLE_USER_CREATED, now, name.value() + " as " + role);
    }

    @RolesAllowed(ConsoleRole.ADMIN)
    @RequiresPermission(Permission.MANAGE_USERS)
    public void disable(String username) throws ConsoleInputException {
        ConsoleUser user = existing(username);
        if (user.username().equals(actor())) {
            throw new ConsoleInputException("username", "you cannot disable your own account");
        }
        if (!user.enabled()) {
            throw new ConsoleInputException("username", "the account is already disabled");
        }
        user.disable();
        audit(AuditEventType.CONSOLE_USER_DISABLED, clock.instant(), user.username());
    }

    @RolesAllowed(ConsoleRole.ADMIN)
    @RequiresPermission(Permission.MANAGE_USERS)
    public void resetPassword(String username, char[] newPassword) throws ConsoleInputException {
        ConsoleUser user = existing(username);
        PasswordRules.check("newPassword", newPassword, new Username(user.username()));
        Instant now = clock.instant();
        user.resetPassword(ConsoleAuthentication.HASHER.hash(newPassword), now);
        audit(AuditEventType.CONSOLE_PASSWORD_CHANGED, now, user.username() + ": reset by an administrator");
    }

    @RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER, ConsoleRole.KEY_CUSTODIAN})
    @RequiresPermission(Permission.CHANGE_OWN_PASSWORD)
    public void changeOwnPassword(char[] current, char[] next, char[] repeated) throws ConsoleInputException {
        ConsoleUser user = users.findForUpdate(actor())
                .orElseThrow(() -> new ConsoleInputException("current", "your account no longer exists"));
        if (!ConsoleAuthentication.HASHER.verify(current, user.passwordHash())) {
            throw new ConsoleInputException("current", "this is not your current password");
        }
        PasswordRules.check("next", next, new Username(user.username()));
        if (!java.util.Arrays.equals(next, repeated)) {
            throw new ConsoleInputException("repeat", "the two passwords differ");
        }
        Instant now = clock.instant();
        user.changePassword(ConsoleAuthentication.HASHER.hash(next), now);
        audit(AuditEventType.CONSOLE_PASSWORD_CHANGED, now, user.username() + ": changed by its owner");
    }

    private ConsoleUser existing(String username) throws ConsoleInputException {
        if (username == null) {
            throw new ConsoleInputException("username", "no such account");
        }
        return users.findForUpdate(username).orElseThrow(() -> new ConsoleInputException("username", "no such account"));
    }

    private String actor() {
        return caller.getCallerPrincipal().getName();
    }

    private void audit(AuditEventType type, Instant now, String detail) {
        audit.record(new AuditEvent(type, now, Optional.empty(), actor(), detail));
    }
}
