package org.bkv.web.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
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
}
