package org.bkv.web.api.audit;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.bkv.ejb.application.ConsoleAuthentication;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may read the audit log through the API: (1) a bearer token whose SHA-256 (hex) is configured as
 * {@value #TOKEN_SHA256_KEY} (only the hash is configured; hashes are compared in constant time; with no hash configured
 * no token works), or (2) the console session of a signed-in SECURITY_OFFICER whose account is still enabled with that
 * role, on GET and HEAD only. The session is looked up, never created; the cookie is SameSite=Strict, so another site
 * cannot make a browser send it, and every auditor API call with it is a read.
 */
@ApplicationScoped
public class AuditorAuthentication {

    /** MicroProfile Config key: hex SHA-256 of the auditors' bearer token (env {@code BKV_AUDIT_TOKEN_SHA256}). */
    public static final String TOKEN_SHA256_KEY = "bkv.audit.token-sha256";

    private static final String BEARER = "Bearer ";
    /** A session cookie authorises reads only: the auditor API has no other methods, and never will through a cookie. */
    private static final Set<String> SESSION_METHODS = Set.of("GET", "HEAD");

    /** What a request proves about its sender. */
    public enum Access {
        /** The audit token or a security officer's console session: may read the audit log. */
        AUDITOR,
        /** A signed-in console user whose role may not read the audit log (administrator, custodian): 403. */
        CONSOLE_USER_WITHOUT_AUDIT_ROLE,
        /** Neither a valid audit token nor a signed-in console session: 401. */
        UNAUTHENTICATED
    }

    @Inject
    @ConfigProperty(name = TOKEN_SHA256_KEY)
    Optional<String> tokenSha256Hex;

    @EJB
    private ConsoleAuthentication consoleAccounts;

    /** Whether this request comes from an auditor: a valid audit token, or a security officer's console session. */
    public boolean isAuditor(HttpServletRequest request) {
        return access(request) == Access.AUDITOR;
    }

    /**
     * The audit token first (it does not depend on any session), then the console session, if any: a signed-in user
     * whose account is still enabled with the role of the session; a disabled account or a changed role counts as no
     * session at all (as {@code ConsoleSessionFilter} ends such sessions on console pages).
     */
    public Access access(HttpServletRequest request) {
        if (hasAuditToken(request.getHeader("Authorization"))) {
            return Access.AUDITOR;
        }
        Optional<ConsoleRole> role = consoleRole(request);
        if (role.isEmpty()) {
            return Access.UNAUTHENTICATED;
        }
        return role.get() == ConsoleRole.SECURITY_OFFICER && SESSION_METHODS.contains(request.getMethod())
                ? Access.AUDITOR : Access.CONSOLE_USER_WITHOUT_AUDIT_ROLE;
    }

    /** Whether the Authorization header carries the configured audit token (constant-time hash comparison). */
    boolean hasAuditToken(String authorization) {
        Optional<byte[]> expected = expectedHash();
        if (expected.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected.get(), presented);
    }

    /** A read (GET, HEAD) carrying the console session of a signed-in SECURITY_OFFICER whose account is still one. */
    boolean isSecurityOfficerSession(HttpServletRequest request) {
        return SESSION_METHODS.contains(request.getMethod())
                && consoleRole(request).filter(role -> role == ConsoleRole.SECURITY_OFFICER).isPresent();
    }

    /**
     * The role of the console user signed in on this request's existing session, if their account is enabled with
     * that role now. Never creates a session.
     */
    private Optional<ConsoleRole> consoleRole(HttpServletRequest request) {
        if (request.getSession(false) == null) {
            return Optional.empty();
        }
        Principal caller = request.getUserPrincipal();
        if (caller == null) {
            return Optional.empty();
        }
        return activeRole(caller.getName()).filter(role -> request.isUserInRole(role.name()));
    }

    /** The account's role as stored now; empty for disabled or unknown accounts. */
    Optional<ConsoleRole> activeRole(String username) {
        return consoleAccounts.activeRole(username);
    }

    private Optional<byte[]> expectedHash() {
        if (tokenSha256Hex.isEmpty() || tokenSha256Hex.get().isBlank()) {
            return Optional.empty();
        }
        String hex = tokenSha256Hex.get().strip();
        if (hex.length() != 64 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            // A malformed setting must not let anyone in; it is reported without its value.
            throw new IllegalStateException(TOKEN_SHA256_KEY + " must be 64 hex digits (SHA-256 of the audit token)");
        }
        return Optional.of(HexFormat.of().parseHex(hex));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
