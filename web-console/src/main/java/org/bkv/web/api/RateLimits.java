package org.bkv.web.api;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bkv.ejb.application.PolicyService;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rate limits of the policy (DESIGN §7): calls per minute per client address and per identifier, each a fixed
 * one-minute window. Exceeding one is a 429 with {@code Retry-After} (the seconds left in the window).
 *
 * <p>Limits are per node (in memory): with N nodes behind a balancer a client gets at most N times the limit, which is
 * still a hard bound on guessing, and attempt counters (the real guard) are exact across nodes. Identifiers are
 * keyed by an HMAC under a key made at start-up, so this memory never holds an identifier. Both tables are bounded:
 * the oldest windows are dropped first, so a flood of new addresses cannot exhaust memory.
 */
@ApplicationScoped
public class RateLimits {
    static final int MAX_TRACKED = 100_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration POLICY_CACHE = Duration.ofSeconds(5);

    @EJB
    private PolicyService policies;

    @Inject
    @ConfigProperty(name = "bkv.api.rate-limit-exempt")
    private Optional<String> exemptConfig;

    private final Clock clock = Clock.systemUTC();
    private final Windows byAddress = new Windows();
    private final Windows byIdentifier = new Windows();
    private byte[] identifierKey;
    private Set<String> exempt = Set.of();
    private volatile PolicySettings policy;
    private volatile Instant policyReadAt = Instant.EPOCH;

    @PostConstruct
    void init() {
        identifierKey = new byte[32];
        new SecureRandom().nextBytes(identifierKey);
        exempt = Arrays.stream(exemptConfig.orElse("").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Counts one call from {@code address}; throws 429 when the address is over its limit. */
    public void checkAddress(String address) {
        if (exempt.contains(address)) {
            return;
        }
        check(byAddress, address, settings().ratePerAddressPerMinute(), "this client address");
    }

    /** Counts one call naming {@code identifier}; throws 429 when the identifier is over its limit. */
    public void checkIdentifier(String address, String identifier) {
        if (exempt.contains(address)) {
            return;
        }
        check(byIdentifier, identifierKey(identifier), settings().ratePerIdentifierPerMinute(), "this identifier");
    }

    private void check(Windows windows, String key, int limit, String what) {
        Instant now = clock.instant();
        Optional<Duration> wait = windows.take(key, limit, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + (wait.get().toNanosPart() > 0 ? 1 : 0));
            throw new ProblemException(429, "rate-limited", "Too many requests",
                    "more than " + limit + " calls per minute from " + what + "; try again later")
                    .retryAfter(seconds);
        }
    }

    private PolicySettings settings() {
        Instant now = clock.instant();
        PolicySettings cached = policy;
        if (cached == null || now.isAfter(policyReadAt.plus(POLICY_CACHE))) {
            cached = policies.current().settings();
            policy = cached;
            policyReadAt = now;
        }
        return cached;
    }

    private String identifierKey(String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(identifierKey, "HmacSHA256"));
            byte[] tag = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
            return org.bkv.opaque.Base64Url.encode(Arrays.copyOf(tag, 16));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Exempt addresses, for docs and tests. */
    List<String> exempt() {
        return List.copyOf(exempt);
    }

    /** Fixed one-minute windows per key, insertion-ordered so the oldest can be dropped when the table is full. */
    static final class Windows {
        private final Map<String, long[]> windows = new LinkedHashMap<>(); // key -> {window start millis, count}

        synchronized Optional<Duration> take(String key, int limit, Instant now) {
            long nowMillis = now.toEpochMilli();
            long[] window = windows.get(key);
            if (window == null || nowMillis - window[0] >= WINDOW.toMillis()) {
                windows.remove(key);
                if (windows.size() >= MAX_TRACKED) {
                    makeRoom(nowMillis);
                }
                window = new long[] {nowMillis, 0};
                windows.put(key, window);
            }
            if (window[1] >= limit) {
                return Optional.of(Duration.ofMillis(window[0] + WINDOW.toMillis() - nowMillis));
            }
            window[1]++;
            return Optional.empty();
        }

        /** Drops expired windows from the head (the oldest), and the oldest live one if the table is still full. */
        private void makeRoom(long nowMillis) {
            var it = windows.values().iterator();
            while (it.hasNext()) {
                long[] window = it.next();
                if (nowMillis - window[0] < WINDOW.toMillis() && windows.size() < MAX_TRACKED) {
                    break;
                }
                it.remove();
            }
        }

        synchronized int size() {
            return windows.size();
        }
    }
}
