package org.bkv.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small parsers of request headers: Repr-Digest, X-Forwarded-For, and the rate-limit windows. */
class RequestHeadersTest {

    @Test
    void reprDigestYieldsTheSha256AmongOtherAlgorithms() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
        String b64 = Base64.getEncoder().encodeToString(digest);
        assertThat(Digests.sha256("sha-256=:" + b64 + ":")).isEqualTo(digest);
        assertThat(Digests.sha256("sha-512=:AAAA:, sha-256=:" + b64 + ":")).isEqualTo(digest);
    }

    @Test
    void malformedReprDigestsAre400() {
        for (String header : new String[] {null, "", "sha-256=abc", "sha-256=:!!!:", "sha-256=:AAAA:", "md5=:AAAA:"}) {
            assertThatThrownBy(() -> Digests.sha256(header)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(400));
        }
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        Set<String> proxies = Set.of("10.0.0.1", "10.0.0.2");
        assertThat(ClientAddresses.resolve("192.0.2.9", "203.0.113.5", proxies)).isEqualTo("192.0.2.9");
        assertThat(ClientAddresses.resolve("10.0.0.1", "203.0.113.5", proxies)).isEqualTo("203.0.113.5");
        assertThat(ClientAddresses.resolve("10.0.0.1", "198.51.100.1, 203.0.113.5, 10.0.0.2", proxies)).isEqualTo("203.0.113.5");
        assertThat(ClientAddresses.resolve("10.0.0.1", "10.0.0.2", proxies)).isEqualTo("10.0.0.1");
        assertThat(ClientAddresses.resolve("10.0.0.1", null, proxies)).isEqualTo("10.0.0.1");
    }

    @Test
    void aWindowAllowsTheLimitThenSaysHowLongToWait() {
        RateLimits.Windows windows = new RateLimits.Windows();
        Instant t0 = Instant.parse("2026-11-27T12:00:00Z");
        for (int i = 0; i < 5; i++) {
            assertThat(windows.take("a", 5, t0.plusSeconds(i))).isEmpty();
        }
        assertThat(windows.take("a", 5, t0.plusSeconds(20))).contains(Duration.ofSeconds(40));
        assertThat(windows.take("b", 5, t0.plusSeconds(20))).isEmpty();
        assertThat(windows.take("a", 5, t0.plusSeconds(60))).isEmpty();
    }

    @Test
    void theWindowTableStaysBounded() {
        RateLimits.Windows windows = new RateLimits.Windows();
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        for (int i = 0; i < RateLimits.MAX_TRACKED + 500; i++) {
            windows.take("address-" + i, 5, now);
        }
        assertThat(windows.size()).isLessThanOrEqualTo(RateLimits.MAX_TRACKED);
    }
}
