package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.bkv.ejb.application.PolicyChangeService;
import org.bkv.ejb.application.PolicyProposalView;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.bkv.ejb.domain.policy.ClientAuth;
import org.bkv.ejb.domain.policy.LockoutAction;
import org.bkv.ejb.domain.policy.Policy;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.opaque.Suite;

/**
 * The policy page: the version in force, the proposal waiting for a security officer, the history. The form's
 * ranges are PolicySettings' (checked by Faces beside each field, and again by PolicySettings itself).
 */
@Named
@ViewScoped
public class PolicyView implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int MAX_TTL_SECONDS = 86_400;

    @EJB
    private transient PolicyChangeService policies;

    private Integer maxAttempts;
    private LockoutAction lockoutAction;
    private boolean revealLockout;
    private Long loginTtlSeconds;
    private Long registrationTtlSeconds;
    private Long sessionTtlSeconds;
    private List<String> allowedSuites;
    private Integer ratePerAddress;
    private Integer ratePerIdentifier;
    private Integer backupRetention;
    private Long maxBackupBytes;
    private ClientAuth clientAuth;
    private String rejectReason;
    private transient Policy current;

    public Policy getCurrent() {
        if (current == null) {
            current = policies.current();
            PolicySettings s = current.settings();
            if (maxAttempts == null) {
                maxAttempts = s.maxAttempts();
                lockoutAction = s.lockoutAction();
                revealLockout = s.revealLockout();
                loginTtlSeconds = s.loginTtl().toSeconds();
                registrationTtlSeconds = s.registrationTtl().toSeconds();
                sessionTtlSeconds = s.sessionTtl().toSeconds();
                allowedSuites = new java.util.ArrayList<>(s.allowedSuites().stream().map(Suite::wireName).sorted().toList());
                ratePerAddress = s.ratePerAddressPerMinute();
                ratePerIdentifier = s.ratePerIdentifierPerMinute();
                backupRetention = s.backupRetention();
                maxBackupBytes = s.maxBackupBytes();
                clientAuth = s.clientAuth();
            }
        }
        return current;
    }

    public PolicySettings getSettings() {
        return getCurrent().settings();
    }

    public PolicyProposalView getPending() {
        return policies.pending().orElse(null);
    }

    public List<PolicyProposalView> getHistory() {
        return policies.history();
    }

    public String propose() {
        PolicySettings proposed;
        try {
            EnumSet<Suite> suites = EnumSet.noneOf(Suite.class);
            for (String name : allowedSuites == null ? List.<String>of() : allowedSuites) {
                suites.add(Suite.fromWireName(name));
            }
            if (suites.isEmpty()) {
                FormMessages.beside("propose:allowedSuites", "allow at least one suite");
                return null;
            }
            proposed = new PolicySettings(maxAttempts, lockoutAction, revealLockout, Duration.ofSeconds(loginTtlSeconds),
                    Duration.ofSeconds(registrationTtlSeconds), Duration.ofSeconds(sessionTtlSeconds), suites,
                    ratePerAddress, ratePerIdentifier, backupRetention, maxBackupBytes, clientAuth);
        } catch (IllegalArgumentException | NullPointerException | org.bkv.opaque.InvalidEncodingException e) {
            FormMessages.beside("propose:maxAttempts", "not a valid policy: " + e.getMessage());
            return null;
        }
        try {
            PolicyProposalView p = policies.propose(proposed);
            FormMessages.done("Proposal " + p.id() + " waits for a security officer's approval.");
        } catch (ConsoleInputException e) {
            FormMessages.beside("propose", e);
            return null;
        }
        return "policy?faces-redirect=true";
    }

    public String approve(long id) {
        try {
            Policy p = policies.approve(id);
            FormMessages.done("Approved: policy version " + p.version() + " is in force.");
        } catch (ConsoleInputException e) {
            FormMessages.beside("decide:" + e.field(), e.getMessage());
            return null;
        }
        return "policy?faces-redirect=true";
    }

    public String reject(long id) {
        try {
            policies.reject(id, rejectReason);
            FormMessages.done("Proposal " + id + " rejected.");
        } catch (ConsoleInputException e) {
            FormMessages.beside("decide", e);
            return null;
        }
        return "policy?faces-redirect=true";
    }

    public LockoutAction[] getLockoutActions() {
        return LockoutAction.values();
    }

    public ClientAuth[] getClientAuths() {
        return ClientAuth.values();
    }

    public List<String> getSuites() {
        return EnumSet.allOf(Suite.class).stream().map(Suite::wireName).sorted().toList();
    }

    public int getMinAttempts() {
        return PolicySettings.MIN_ATTEMPTS;
    }

    public int getMaxAttemptsLimit() {
        return PolicySettings.MAX_ATTEMPTS;
    }

    public int getMaxTtlSeconds() {
        return MAX_TTL_SECONDS;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public LockoutAction getLockoutAction() {
        return lockoutAction;
    }

    public void setLockoutAction(LockoutAction lockoutAction) {
        this.lockoutAction = lockoutAction;
    }

    public boolean isRevealLockout() {
        return revealLockout;
    }

    public void setRevealLockout(boolean revealLockout) {
        this.revealLockout = revealLockout;
    }

    public Long getLoginTtlSeconds() {
        return loginTtlSeconds;
    }

    public void setLoginTtlSeconds(Long loginTtlSeconds) {
        this.loginTtlSeconds = loginTtlSeconds;
    }

    public Long getRegistrationTtlSeconds() {
        return registrationTtlSeconds;
    }

    public void setRegistrationTtlSeconds(Long registrationTtlSeconds) {
        this.registrationTtlSeconds = registrationTtlSeconds;
    }

    public Long getSessionTtlSeconds() {
        return sessionTtlSeconds;
    }

    public void setSessionTtlSeconds(Long sessionTtlSeconds) {
        this.sessionTtlSeconds = sessionTtlSeconds;
    }

    public List<String> getAllowedSuites() {
        return allowedSuites;
    }

    public void setAllowedSuites(List<String> allowedSuites) {
        this.allowedSuites = allowedSuites;
    }

    public Integer getRatePerAddress() {
        return ratePerAddress;
    }

    public void setRatePerAddress(Integer ratePerAddress) {
        this.ratePerAddress = ratePerAddress;
    }

    public Integer getRatePerIdentifier() {
        return ratePerIdentifier;
    }

    public void setRatePerIdentifier(Integer ratePerIdentifier) {
        this.ratePerIdentifier = ratePerIdentifier;
    }

    public Integer getBackupRetention() {
        return backupRetention;
    }

    public void setBackupRetention(Integer backupRetention) {
        this.backupRetention = backupRetention;
    }

    public Long getMaxBackupBytes() {
        return maxBackupBytes;
    }

    public void setMaxBackupBytes(Long maxBackupBytes) {
        this.maxBackupBytes = maxBackupBytes;
    }

    public ClientAuth getClientAuth() {
        return clientAuth;
    }

    public void setClientAuth(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    public String getRejectReason() {
        return rejectReason;
    }

    public void setRejectReason(String rejectReason) {
        this.rejectReason = rejectReason;
    }
}
