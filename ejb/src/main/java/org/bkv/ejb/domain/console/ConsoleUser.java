package org.bkv.ejb.domain.console;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A console account. Holds an Argon2id hash, never a password. After {@link #MAX_FAILED_LOGINS} wrong passwords
 * in a row the account is locked for {@link #LOCKOUT}; disabled accounts never sign in again.
 */
@Entity
@Table(name = "console_user")
public class ConsoleUser {

    public static final int MAX_FAILED_LOGINS = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);

    @Id
    private long id;

    @Column(name = "username", nullable = false, unique = true)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false)
    private ConsoleRole role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    protected ConsoleUser() {
        // for JPA
    }

    public ConsoleUser(long id, Username username, ConsoleRole role, String passwordHash, String createdBy, Instant now) {
        this.id = id;
        this.username = username.value();
        this.role = role;
        this.passwordHash = passwordHash;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.passwordChangedAt = now;
        this.enabled = true;
    }

    public String username() {
        return username;
    }

    public ConsoleRole role() {
        return role;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public int failedLogins() {
        return failedLogins;
    }

    public Optional<Instant> lockedUntil() {
        return Optional.ofNullable(lockedUntil);
    }

    public Optional<Instant> passwordChangedAt() {
        return Optional.ofNullable(passwordChangedAt);
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** A wrong password; returns true when this failure locked the account. */
    public boolean loginFailed(Instant now) {
        failedLogins++;
        if (failedLogins >= MAX_FAILED_LOGINS) {
            failedLogins = 0;
            lockedUntil = now.plus(LOCKOUT);
            return true;
        }
        return false;
    }

    public void loginSucceeded() {
        failedLogins = 0;
        lockedUntil = null;
    }

    public void changePassword(String newHash, Instant now) {
        this.passwordHash = newHash;
        this.passwordChangedAt = now;
    }

    /** An administrator's password reset also lifts a timed lockout. */
    public void resetPassword(String newHash, Instant now) {
        changePassword(newHash, now);
        loginSucceeded();
    }

    public void disable() {
        this.enabled = false;
    }
}
