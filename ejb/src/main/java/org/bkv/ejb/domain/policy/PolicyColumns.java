package org.bkv.ejb.domain.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Suite;

/**
 * The policy values of {@link PolicySettings} as columns: one mapping shared by policy versions ({@code policy}) and
 * proposed changes ({@code policy_proposal}), whose tables use the same column names.
 */
@Embeddable
public class PolicyColumns {

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    @Enumerated(EnumType.STRING)
    @Column(name = "lockout_action", nullable = false)
    private LockoutAction lockoutAction;

    @Column(name = "reveal_lockout", nullable = false)
    private boolean revealLockout;

    @Column(name = "login_ttl_seconds", nullable = false)
    private long loginTtlSeconds;

    @Column(name = "registration_ttl_seconds", nullable = false)
    private long registrationTtlSeconds;

    @Column(name = "session_ttl_seconds", nullable = false)
    private long sessionTtlSeconds;

    @Column(name = "allowed_suites", nullable = false)
    private String allowedSuites;

    @Column(name = "rate_per_address", nullable = false)
    private int ratePerAddressPerMinute;

    @Column(name = "rate_per_identifier", nullable = false)
    private int ratePerIdentifierPerMinute;

    @Column(name = "backup_retention", nullable = false)
    private int backupRetention;

    @Column(name = "max_backup_bytes", nullable = false)
    private long maxBackupBytes;

    @Enumerated(EnumType.STRING)
    @Column(name = "client_auth", nullable = false)
    private ClientAuth clientAuth;

    protected PolicyColumns() {
        // for JPA
    }

    public static PolicyColumns of(PolicySettings s) {
        PolicyColumns c = new PolicyColumns();
        c.maxAttempts = s.maxAttempts();
        c.lockoutAction = s.lockoutAction();
        c.revealLockout = s.revealLockout();
        c.loginTtlSeconds = s.loginTtl().toSeconds();
        c.registrationTtlSeconds = s.registrationTtl().toSeconds();
        c.sessionTtlSeconds = s.sessionTtl().toSeconds();
        c.allowedSuites = s.allowedSuites().stream().sorted().map(Suite::wireName).collect(Collectors.joining(","));
        c.ratePerAddressPerMinute = s.ratePerAddressPerMinute();
        c.ratePerIdentifierPerMinute = s.ratePerIdentifierPerMinute();
        c.backupRetention = s.backupRetention();
        c.maxBackupBytes = s.maxBackupBytes();
        c.clientAuth = s.clientAuth();
        return c;
    }

    /** The stored values, validated again. {@code owner} names the row in the one error a bad row can cause. */
    public PolicySettings settings(String owner) {
        EnumSet<Suite> suites = EnumSet.noneOf(Suite.class);
        Arrays.stream(allowedSuites.split(",")).filter(n -> !n.isBlank()).forEach(n -> {
            try {
                suites.add(Suite.fromWireName(n.strip()));
            } catch (InvalidEncodingException e) {
                throw new IllegalStateException(owner + " names an unknown suite", e);
            }
        });
        return new PolicySettings(maxAttempts, lockoutAction, revealLockout, Duration.ofSeconds(loginTtlSeconds),
                Duration.ofSeconds(registrationTtlSeconds), Duration.ofSeconds(sessionTtlSeconds), suites,
                ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, clientAuth);
    }
}
