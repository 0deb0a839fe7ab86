package org.bkv.web.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may read the audit log through the API. Today: a bearer token whose SHA-256 (hex) is configured as
 * {@value #TOKEN_SHA256_KEY}; only the hash is configured, and hashes are compared in constant time. With no hash
 * configured nobody is let in. The console's SECURITY_OFFICER role joins through {@link #isSecurityOfficerSession}.
 */
@ApplicationScoped
public class AuditorAuthentication {

    /** MicroProfile Config key: hex SHA-256 of the auditors' bearer token (env {@code BKV_AUDIT_TOKEN_SHA256}). */
    public static final String TOKEN_SHA256_KEY = "bkv.audit.token-sha256";

    private static final String BEARER = "Bearer ";

    @Inject
    @ConfigProperty(name = TOKEN_SHA256_KEY)
    Optional<String> tokenSha256Hex;

    /** Whether this request comes from an auditor: a valid audit token, or a security officer's console session. */
    public boolean isAuditor(HttpServletRequest request) {
        return hasAuditToken(request.getHeader("Authorization")) || isSecurityOfficerSession(request);
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

    /**
     * Seam for the console issue: a logged-in console user with role SECURITY_OFFICER may read the audit log too.
     * Console accounts and roles do not exist yet in this branch, so no session qualifies; the console issue
     * replaces this body with its role check ({@code request.isUserInRole("SECURITY_OFFICER")} or its own).
     */
    boolean isSecurityOfficerSession(HttpServletRequest request) {
        return false;
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
