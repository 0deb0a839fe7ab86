package org.bkv.web.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.junit.jupiter.api.Test;

class AuditorAuthenticationTest {

    private static AuditorAuthentication configured(String hex) {
        AuditorAuthentication auth = new AuditorAuthentication();
        auth.tokenSha256Hex = Optional.ofNullable(hex);
        return auth;
    }

    private static String sha256Hex(String token) {
        return HexFormat.of().formatHex(AuditorAuthentication.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theBearerTokenWhoseHashIsConfiguredIsAccepted() {
        AuditorAuthentication auth = configured(sha256Hex("s3cret-token"));
        assertThat(auth.hasAuditToken("Bearer s3cret-token")).isTrue();
        assertThat(auth.hasAuditToken("bearer s3cret-token")).as("scheme is case-insensitive").isTrue();
        assertThat(configured(sha256Hex("s3cret-token").toUpperCase()).hasAuditToken("Bearer s3cret-token")).isTrue();
    }

    @Test
    void otherTokensSchemesAndMissingHeadersAreRefused() {
        AuditorAuthentication auth = configured(sha256Hex("s3cret-token"));
        assertThat(auth.hasAuditToken("Bearer s3cret-tokeN")).isFalse();
        assertThat(auth.hasAuditToken("Bearer " + sha256Hex("s3cret-token"))).as("the hash is not the token").isFalse();
        assertThat(auth.hasAuditToken("Basic s3cret-token")).isFalse();
        assertThat(auth.hasAuditToken("Bearer")).isFalse();
        assertThat(auth.hasAuditToken(null)).isFalse();
    }

    @Test
    void withNoHashConfiguredNobodyGetsIn() {
        assertThat(configured(null).hasAuditToken("Bearer anything")).isFalse();
        assertThat(configured("  ").hasAuditToken("Bearer ")).isFalse();
    }

    @Test
    void aMalformedHashIsAConfigurationErrorThatDoesNotEchoIt() {
        assertThatThrownBy(() -> configured("abc123").hasAuditToken("Bearer x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("64 hex digits").hasMessageNotContaining("abc123");
    }

    // ---- console sessions (the role check against the account store is exercised in-container, ConsoleIT) ----------

    /** A request as the container presents it: method, whether a session exists, the caller and their roles. */
    private static HttpServletRequest request(String method, boolean session, String caller, Set<String> roles) {
        HttpSession existing = (HttpSession) Proxy.newProxyInstance(AuditorAuthenticationTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, m, args) -> null);
        return (HttpServletRequest) Proxy.newProxyInstance(AuditorAuthenticationTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> null;
                    case "getSession" -> {
                        if (args != null && args.length == 1 && Boolean.TRUE.equals(args[0])) {
                            throw new AssertionError("an API request must never create a session");
                        }
                        yield session ? existing : null;
                    }
                    case "getUserPrincipal" -> caller == null ? null : (Principal) () -> caller;
                    case "isUserInRole" -> roles.contains((String) args[0]);
                    default -> throw new AssertionError("unexpected call " + m.getName());
                });
    }

    /** No audit token configured; the account store knows {@code accounts} (username → role; absent = disabled). */
    private static AuditorAuthentication withAccounts(java.util.Map<String, ConsoleRole> accounts) {
        AuditorAuthentication auth = new AuditorAuthentication() {
            @Override
            Optional<ConsoleRole> activeRole(String username) {
                return Optional.ofNullable(accounts.get(username));
            }
        };
        auth.tokenSha256Hex = Optional.empty();
        return auth;
    }

    private static final java.util.Map<String, ConsoleRole> ACCOUNTS = java.util.Map.of("officer.one",
            ConsoleRole.SECURITY_OFFICER, "admin.one", ConsoleRole.ADMINISTRATOR, "custodian.one", ConsoleRole.CUSTODIAN);

    @Test
    void aSignedInSecurityOfficersReadIsLetIn() {
        AuditorAuthentication auth = withAccounts(ACCOUNTS);
        for (String method : new String[] {"GET", "HEAD"}) {
            HttpServletRequest r = request(method, true, "officer.one", Set.of("SECURITY_OFFICER"));
            assertThat(auth.isSecurityOfficerSession(r)).as(method).isTrue();
            assertThat(auth.access(r)).as(method).isEqualTo(AuditorAuthentication.Access.AUDITOR);
        }
    }

    @Test
    void noSessionAndNoTokenIsUnauthenticated() {
        AuditorAuthentication auth = withAccounts(ACCOUNTS);
        assertThat(auth.access(request("GET", false, null, Set.of()))).isEqualTo(AuditorAuthentication.Access.UNAUTHENTICATED);
        assertThat(auth.access(request("GET", true, null, Set.of())))
                .as("a session nobody signed in to").isEqualTo(AuditorAuthentication.Access.UNAUTHENTICATED);
    }

    @Test
    void consoleUsersOfOtherRolesAreKnownButNotAuditors() {
        AuditorAuthentication auth = withAccounts(ACCOUNTS);
        for (String[] userRole : new String[][] {{"admin.one", "ADMINISTRATOR"}, {"custodian.one", "CUSTODIAN"}}) {
            HttpServletRequest r = request("GET", true, userRole[0], Set.of(userRole[1]));
            assertThat(auth.isSecurityOfficerSession(r)).as(userRole[1]).isFalse();
            assertThat(auth.access(r)).as(userRole[1]).isEqualTo(AuditorAuthentication.Access.CONSOLE_USER_WITHOUT_AUDIT_ROLE);
        }
    }

    @Test
    void aSessionWhoseAccountWasDisabledOrChangedRoleCountsAsNone() {
        AuditorAuthentication auth = withAccounts(java.util.Map.of("officer.one", ConsoleRole.CUSTODIAN));
        HttpServletRequest changed = request("GET", true, "officer.one", Set.of("SECURITY_OFFICER"));
        assertThat(auth.isSecurityOfficerSession(changed)).isFalse();
        assertThat(auth.access(changed)).isEqualTo(AuditorAuthentication.Access.UNAUTHENTICATED);
        HttpServletRequest disabled = request("GET", true, "officer.two", Set.of("SECURITY_OFFICER"));
        assertThat(auth.access(disabled)).isEqualTo(AuditorAuthentication.Access.UNAUTHENTICATED);
    }

    @Test
    void aSessionNeverAuthorisesAnythingButAReadEvenForAnOfficer() {
        AuditorAuthentication auth = withAccounts(ACCOUNTS);
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
            HttpServletRequest r = request(method, true, "officer.one", Set.of("SECURITY_OFFICER"));
            assertThat(auth.isSecurityOfficerSession(r)).as(method).isFalse();
            assertThat(auth.access(r)).as(method).isEqualTo(AuditorAuthentication.Access.CONSOLE_USER_WITHOUT_AUDIT_ROLE);
        }
    }

    @Test
    void theAuditTokenNeedsNoSession() {
        AuditorAuthentication auth = configured(sha256Hex("s3cret-token"));
        HttpServletRequest r = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getHeader" -> "Authorization".equals(args[0]) ? "Bearer s3cret-token" : null;
                    default -> throw new AssertionError("the token path looked at " + m.getName());
                });
        assertThat(auth.access(r)).isEqualTo(AuditorAuthentication.Access.AUDITOR);
    }
}
