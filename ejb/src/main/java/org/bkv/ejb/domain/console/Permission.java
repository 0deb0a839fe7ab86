package org.bkv.ejb.domain.console;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every console action, with the roles that may perform it: the permission matrix of docs/SECURITY.md. The
 * application services enforce it with {@code @RolesAllowed} (PermissionMatrixTest proves they agree); the console
 * only uses it to decide which links and buttons to show.
 */
public enum Permission {
    VIEW_DASHBOARD(ConsoleRole.ADMINISTRATOR, ConsoleRole.SECURITY_OFFICER, ConsoleRole.CUSTODIAN),
    CHANGE_OWN_PASSWORD(ConsoleRole.ADMINISTRATOR, ConsoleRole.SECURITY_OFFICER, ConsoleRole.CUSTODIAN),
    MANAGE_USERS(ConsoleRole.ADMINISTRATOR),
    VIEW_POLICY(ConsoleRole.ADMINISTRATOR, ConsoleRole.SECURITY_OFFICER),
    PROPOSE_POLICY(ConsoleRole.ADMINISTRATOR),
    DECIDE_POLICY(ConsoleRole.SECURITY_OFFICER),
    LOOK_UP_RECORD(ConsoleRole.ADMINISTRATOR, ConsoleRole.SECURITY_OFFICER),
    DELETE_RECORD(ConsoleRole.ADMINISTRATOR),
    /** Browse the audit log, see the latest signed tree head and the audit key, verify the head now. */
    VIEW_AUDIT(ConsoleRole.SECURITY_OFFICER),
    /** Download a range of the audit log (signed JSON lines or CSV); itself audited. */
    EXPORT_AUDIT(ConsoleRole.SECURITY_OFFICER);

    private final Set<ConsoleRole> roles;

    Permission(ConsoleRole first, ConsoleRole... rest) {
        this.roles = EnumSet.of(first, rest);
    }

    public Set<ConsoleRole> roles() {
        return EnumSet.copyOf(roles);
    }

    public boolean grantedTo(ConsoleRole role) {
        return roles.contains(role);
    }
}
