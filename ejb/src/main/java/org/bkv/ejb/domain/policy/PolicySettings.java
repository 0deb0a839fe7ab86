package org.bkv.ejb.domain.policy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.bkv.opaque.Suite;

/**
 * The policy values of DESIGN §7, validated. {@link #DEFAULTS} are the shipped defaults.
 *
 * @param maxAttempts password guesses per record (1..100); copied into each record when it is registered
 * @param lockoutAction what happens at maxAttempts
 * @param revealLockout true: a locked record answers 423 and failures say how many attempts remain;
 *                      false: a locked record gets fake KE2s like an unknown identifier
 * @param loginTtl how long a login (KE2 handed out) waits for its KE3
 * @param registrationTtl how long a pending registration waits for its record
 * @param sessionTtl how long the session token of a successful recovery is valid (replace, delete)
 * @param allowedSuites suites accepted for new registrations and logins
 * @param ratePerAddressPerMinute vault calls per client address and minute (enforced by the API layer)
 * @param ratePerIdentifierPerMinute vault calls per identifier and minute (enforced by the API layer)
 * @param backupRetention backups kept per slot
 * @param maxBackupBytes largest accepted backup
 * @param clientAuth OPEN or JWT
 */
public record PolicySettings(int maxAttempts, LockoutAction lockoutAction, boolean revealLockout,
                             Duration loginTtl, Duration registrationTtl, Duration sessionTtl,
                             Set<Suite> allowedSuites, int ratePerAddressPerMinute, int ratePerIdentifierPerMinute,
                             int backupRetention, long maxBackupBytes, ClientAuth clientAuth) {

    public static final int MIN_ATTEMPTS = 1;
    public static final int MAX_ATTEMPTS = 100;

    public static final PolicySettings DEFAULTS = new PolicySettings(10, LockoutAction.DESTROY, false,
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(5),
            EnumSet.allOf(Suite.class), 60, 10, 1, 1L << 30, ClientAuth.OPEN);

    public PolicySettings {
        Objects.requireNonNull(lockoutAction, "lockoutAction");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(allowedSuites, "allowedSuites");
        if (maxAttempts < MIN_ATTEMPTS || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100");
        }
        requirePositive(loginTtl, "loginTtl");
        requirePositive(registrationTtl, "registrationTtl");
        requirePositive(sessionTtl, "sessionTtl");
        if (allowedSuites.isEmpty()) {
            throw new IllegalArgumentException("at least one suite must be allowed");
        }
        if (ratePerAddressPerMinute < 1 || ratePerIdentifierPerMinute < 1) {
            throw new IllegalArgumentException("rate limits must be at least 1 per minute");
        }
        if (backupRetention < 1 || backupRetention > 100) {
            throw new IllegalArgumentException("backupRetention must be between 1 and 100");
        }
        if (maxBackupBytes < 1) {
            throw new IllegalArgumentException("maxBackupBytes must be positive");
        }
        allowedSuites = Set.copyOf(allowedSuites);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 second and 1 day");
        }
    }

    public PolicySettings withMaxAttempts(int value) {
        return new PolicySettings(value, lockoutAction, revealLockout, loginTtl, registrationTtl, sessionTtl,
                allowedSuites, ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, clientAuth);
    }

    public PolicySettings withLockout(LockoutAction action, boolean reveal) {
        return new PolicySettings(maxAttempts, action, reveal, loginTtl, registrationTtl, sessionTtl,
                allowedSuites, ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, clientAuth);
    }

    public PolicySettings withLoginTtl(Duration value) {
        return new PolicySettings(maxAttempts, lockoutAction, revealLockout, value, registrationTtl, sessionTtl,
                allowedSuites, ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, clientAuth);
    }

    public PolicySettings withClientAuth(ClientAuth value) {
        return new PolicySettings(maxAttempts, lockoutAction, revealLockout, loginTtl, registrationTtl, sessionTtl,
                allowedSuites, ratePerAddressPerMinute, ratePerIdentifierPerMinute, backupRetention, maxBackupBytes, value);
    }
}
