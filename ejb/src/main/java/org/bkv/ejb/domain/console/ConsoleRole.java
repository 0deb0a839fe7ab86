package org.bkv.ejb.domain.console;

/**
 * The console roles of DESIGN §7. The names are also the Jakarta Security groups the identity store returns and the
 * role names in {@code @RolesAllowed} and web.xml (Payara maps group = role, see the preboot files).
 */
public enum ConsoleRole {
    ADMINISTRATOR,
    SECURITY_OFFICER,
    CUSTODIAN;

    /** Constants for annotations, which need compile-time strings. */
    public static final String ADMIN = "ADMINISTRATOR";
    public static final String OFFICER = "SECURITY_OFFICER";
    public static final String KEY_CUSTODIAN = "CUSTODIAN";
}
